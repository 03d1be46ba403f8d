import { useSessionStore } from '../../state/StudioProvider';
import { COLOUR_SCHEMES, type ColourScheme } from '../../state/sessionStore';
import { useActions } from './ActionsContext';

const LABELS: Readonly<Record<ColourScheme, string>> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light, dark, or as the system is set; this browser remembers it (colourScheme.ts). */
export function ColourSchemeSwitch() {
  const colourScheme = useSessionStore((s) => s.colourScheme);
  const actions = useActions();
  return (
    <select
      aria-label="Colour scheme"
      title="Colour scheme"
      value={colourScheme}
      onChange={(e) => void actions.perform('setColourScheme', e.target.value as ColourScheme)}
    >
      {COLOUR_SCHEMES.map((scheme) => (
        <option key={scheme} value={scheme}>
          {LABELS[scheme]}
        </option>
      ))}
    </select>
  );
}
