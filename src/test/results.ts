import type { Result } from '../model/result';

/** The value of a Result a test expects to succeed; its error message otherwise. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.error}`);
  return result.value;
}

/** The error of a Result a test expects to fail. */
export function errorOf(result: Result<unknown>): string {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}
