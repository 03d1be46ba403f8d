import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../state/sessionStore';
import { followColourScheme } from './colourScheme';

/** localStorage's two calls over a Map; `refuse` makes them throw as a blocked storage does. */
function fakeStorage(saved: Record<string, string> = {}, refuse = false) {
  const items = new Map(Object.entries(saved));
  return {
    items,
    getItem: (key: string) => {
      if (refuse) throw new DOMException('blocked', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('blocked', 'SecurityError');
      items.set(key, value);
    },
  };
}

describe('followColourScheme', () => {
  it('puts the saved scheme on the session and the root before anything renders', () => {
    const session = createSessionStore();
    const root = { dataset: {} as DOMStringMap };
    followColourScheme(session, fakeStorage({ 'tensorloom:colour-scheme': 'dark' }), root);
    expect(session.getState().colourScheme).toBe('dark');
    expect(root.dataset.colourScheme).toBe('dark');
  });

  it('follows the system when nothing, or something unknown, was saved', () => {
    for (const saved of [{}, { 'tensorloom:colour-scheme': 'sepia' }] as Record<string, string>[]) {
      const session = createSessionStore();
      const root = { dataset: {} as DOMStringMap };
      followColourScheme(session, fakeStorage(saved), root);
      expect(session.getState().colourScheme).toBe('system');
      expect(root.dataset.colourScheme).toBe('system');
    }
  });

  it('applies and saves each change', () => {
    const session = createSessionStore();
    const storage = fakeStorage();
    const root = { dataset: {} as DOMStringMap };
    followColourScheme(session, storage, root);
    session.getState().setColourScheme('light');
    expect(root.dataset.colourScheme).toBe('light');
    expect(storage.items.get('tensorloom:colour-scheme')).toBe('light');
  });

  it('still applies a change when the storage refuses it', () => {
    const session = createSessionStore();
    const root = { dataset: {} as DOMStringMap };
    followColourScheme(session, fakeStorage({}, true), root);
    session.getState().setColourScheme('dark');
    expect(root.dataset.colourScheme).toBe('dark');
  });
});
