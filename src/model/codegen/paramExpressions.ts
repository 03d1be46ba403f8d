/** Layer code with Python expressions (a sweep's `params[...]`) in place of param values. */
import { py, type LayerKind } from '../layers/layerKind';
import type { ParamSpec } from '../schema';

export type Values = Record<string, string | number | boolean>;

/**
 * A layer's code (what `render` writes for some params' values: its Keras text, its PyTorch
 * module …) with expressions in place of some params' values. Each such param is rendered as a
 * marker that `render` prints where the value goes; a kind that computes or
 * branches on the value instead is caught by rendering real values (every choice of an enum or
 * bool; the ends, default and current value of a number) and comparing. An enum or bool caught
 * that way becomes a Python conditional over its choices; a number cannot, and throws.
 */
export function withParamExpressions(
  kind: LayerKind,
  params: Values,
  nodeId: string,
  expressionOf: (nodeId: string, param: string) => string | undefined,
  render: (values: Values) => string,
): string {
  const swept = new Map(
    Object.keys(kind.params).flatMap((name) => {
      const expression = expressionOf(nodeId, name);
      return expression === undefined ? [] : [[name, expression] as const];
    }),
  );
  if (swept.size === 0) return render(params);
  const marker = (name: string) => `__tensorloom_param_${name}__`;
  /** `render` with a marker for each of `marked`, markers then replaced by `fill`. */
  const marked = (names: readonly string[], fixed: Values, fill: (name: string) => string) => {
    let text = render({ ...params, ...Object.fromEntries(names.map((name) => [name, marker(name)])), ...fixed });
    for (const name of names)
      text = text.replaceAll(JSON.stringify(marker(name)), fill(name)).replaceAll(marker(name), fill(name));
    return text;
  };
  // Each param is checked on its own, the others keeping their values: one the layer branches on
  // would otherwise spoil the check of the rest.
  const faithful = (name: string) =>
    probes(kind.params[name]!, params[name]).every((value) => {
      let real: string;
      try {
        real = render({ ...params, [name]: value });
      } catch {
        return true; // a value the layer refuses is no value a trial can build either
      }
      try {
        return marked([name], {}, () => py(value)) === real;
      } catch {
        return false; // the layer's code looks the value up (an activation's function, say)
      }
    });
  const unfaithful = [...swept.keys()].filter((name) => !faithful(name));
  const expression = (name: string) => swept.get(name)!;
  const all = [...swept.keys()];
  if (unfaithful.length === 0) return marked(all, {}, expression);
  const [name] = unfaithful;
  const spec = kind.params[name!]!;
  if (unfaithful.length > 1 || (spec.type !== 'enum' && spec.type !== 'bool'))
    throw new Error(
      `${nodeId}: ${unfaithful.join(' and ')} cannot be written as a Python parameter: the layer's code computes with ${unfaithful.length > 1 ? 'them' : 'it'}.`,
    );
  const choices = probes(spec, params[name!]);
  const branches = choices.map((value) =>
    marked(
      all.filter((other) => other !== name),
      { [name!]: value },
      expression,
    ),
  );
  return `(${branches
    .slice(0, -1)
    .map((branch, i) => `${branch} if ${expression(name!)} == ${py(choices[i]!)} else `)
    .join('')}${branches.at(-1)})`;
}

/** Values to check a marker against: every choice, or a number's ends, default and current value. */
function probes(spec: ParamSpec, current: unknown): (string | number | boolean)[] {
  switch (spec.type) {
    case 'enum':
      return [...spec.options];
    case 'bool':
      return [true, false];
    case 'int':
    case 'float':
      return [...new Set([spec.min, spec.max, spec.default, ...(typeof current === 'number' ? [current] : [])])];
  }
}
