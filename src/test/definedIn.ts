import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every export of the modules in `folder` (tests and index.ts left out) that `is` recognises: what
 * a catalog test compares its literal list with, so a kind written but not listed is caught.
 */
export async function definedIn<T>(folder: string, is: (value: unknown) => value is T): Promise<T[]> {
  const names = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');
  const defined: T[] = [];
  for (const name of names) {
    const module: Record<string, unknown> = await import(/* @vite-ignore */ join(folder, name));
    defined.push(...Object.values(module).filter(is));
  }
  return defined;
}
