/**
 * Conditional search spaces: a param with a `when` is searched only while the param it names is
 * active and took one of the listed values (a model family's knobs exist only for that family).
 * A trial's params hold its active params and no others.
 */
import type { Condition, ParamValue, SearchParam, SearchSpace } from './studyConfig';

type Values = Readonly<Record<string, ParamValue>>;

export const isConditional = (space: SearchSpace): boolean => space.some((param) => param.when !== undefined);

/** The param's condition holds for these values (always, for a param without one). */
export function conditionHolds(param: SearchParam, values: Values): boolean {
  if (!param.when) return true;
  const value = values[param.when.path];
  return value !== undefined && param.when.values.includes(value);
}

/**
 * The params of `space` that are active given complete `values`, in space order: those without a
 * condition, and those whose condition names an active param holding one of its values.
 */
export function activeSpace(space: SearchSpace, values: Values): SearchSpace {
  const active: Record<string, ParamValue> = {};
  const params: SearchParam[] = [];
  // Conditions name earlier params, so one pass in space order settles every chain.
  for (const param of space) {
    if (!conditionHolds(param, active)) continue;
    params.push(param);
    const value = values[param.path];
    if (value !== undefined) active[param.path] = value;
  }
  return params;
}

/** `values` without the params that their own values leave inactive. */
export function activeParams(space: SearchSpace, values: Values): Values {
  return Object.fromEntries(
    activeSpace(space, values).flatMap((param) =>
      values[param.path] === undefined ? [] : [[param.path, values[param.path]!] as const],
    ),
  );
}

/**
 * What is wrong with the space's conditions, each as a phrase naming the param by `label`; empty
 * when every condition names a categorical param earlier in the space and values among its choices.
 */
export function conditionProblems(
  space: SearchSpace,
  label: (path: string) => string,
): readonly { readonly path: string; readonly message: string }[] {
  return space.flatMap((param, index) => {
    const problem = param.when && conditionProblem(param.when, space.slice(0, index), label);
    return problem ? [{ path: param.path, message: `${label(param.path)} ${problem}` }] : [];
  });
}

function conditionProblem(when: Condition, before: SearchSpace, label: (path: string) => string): string | undefined {
  const parent = before.find((other) => other.path === when.path);
  if (!parent) return `depends on ${label(when.path)}, which must come before it in the space.`;
  if (parent.domain.type !== 'categorical')
    return `depends on ${label(parent.path)}, which must be a choice (categorical).`;
  const { choices } = parent.domain;
  if (when.values.length === 0) return `depends on ${label(parent.path)} but names none of its values.`;
  const stray = when.values.find((value) => !choices.includes(value));
  return stray === undefined
    ? undefined
    : `depends on ${label(parent.path)} being ${JSON.stringify(stray)}, which is not one of its choices.`;
}
