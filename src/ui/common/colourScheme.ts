import { useSyncExternalStore } from 'react';
import { COLOUR_SCHEMES, type ColourScheme, type SessionStore } from '../../state/sessionStore';
import { useSessionStore } from '../../state/StudioProvider';

const STORAGE_KEY = 'tensorloom:colour-scheme';
const SYSTEM_DARK = '(prefers-color-scheme: dark)';

/**
 * Puts this browser's saved colour scheme in place and keeps it: each change in the session is set
 * on the root element (styles.css's light-dark() colours follow its color-scheme) and saved.
 * Called once before the first render, so the page never shows in the other scheme first.
 */
export function followColourScheme(
  session: SessionStore,
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
  root: Pick<HTMLElement, 'dataset'> = document.documentElement,
): void {
  session.getState().setColourScheme(parseColourScheme(tryStorage(() => storage.getItem(STORAGE_KEY))));
  root.dataset.colourScheme = session.getState().colourScheme;
  session.subscribe(({ colourScheme }, previous) => {
    if (colourScheme === previous.colourScheme) return;
    root.dataset.colourScheme = colourScheme;
    tryStorage(() => storage.setItem(STORAGE_KEY, colourScheme));
  });
}

/** Anything but a known scheme (nothing saved, a value from another version) follows the system. */
function parseColourScheme(saved: string | null): ColourScheme {
  return COLOUR_SCHEMES.find((scheme) => scheme === saved) ?? 'system';
}

/** Storage can refuse (blocked cookies, a full quota): the choice then lasts as long as the page. */
function tryStorage<T>(access: () => T): T | null {
  try {
    return access();
  } catch {
    return null;
  }
}

/** The scheme the page shows: the person's choice, else the system's. For what CSS cannot colour (canvases, React Flow's colorMode). */
export function useShownColourScheme(): 'light' | 'dark' {
  const chosen = useSessionStore((s) => s.colourScheme);
  const systemDark = useSyncExternalStore(subscribeToSystemScheme, () => matchMedia(SYSTEM_DARK).matches);
  if (chosen !== 'system') return chosen;
  return systemDark ? 'dark' : 'light';
}

function subscribeToSystemScheme(onChange: () => void): () => void {
  const query = matchMedia(SYSTEM_DARK);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * A styles.css colour (`var(--muted)`, which holds a light-dark() pair) as a canvas can draw it:
 * resolved under `element` for the scheme shown now.
 */
export function resolveCssColour(element: Element, colour: string): string {
  const probe = document.createElement('span');
  probe.style.color = colour;
  element.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}
