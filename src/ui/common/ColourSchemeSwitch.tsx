import { useSessionStore } from '../../state/StudioProvider';
import { COLOUR_SCHEMES, type ColourScheme } from '../../state/sessionStore';

const LABELS: Readonly<Record<ColourScheme, string>> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light, dark, or as the system is set; this browser remembers it (colourScheme.ts). */
export function ColourSchemeSwitch() {
  const colourScheme = useSessionStore((s) => s.colourScheme);
  const setColourScheme = useSessionStore((s) => s.setColourScheme);
  return (
    <select
      aria-label="Colour scheme"
      title="Colour scheme"
      value={colourScheme}
      onChange={(e) => setColourScheme(e.target.value as ColourScheme)}
    >
      {COLOUR_SCHEMES.map((scheme) => (
        <option key={scheme} value={scheme}>
          {LABELS[scheme]}
        </option>
      ))}
    </select>
  );
}
