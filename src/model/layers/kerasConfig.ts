/**
 * Reading a layer's params back from its Keras-style config (a model.json being imported): the
 * rule most kinds follow, and the pieces the others compose theirs from.
 */
import type { Result } from '../result';
import type { KerasConfig, LayerKind } from './layerKind';

/** Where a kind's L1/L2 penalties live in the config, by the weight they regularise. */
const REGULARIZER_KEYS = ['kernel_regularizer', 'depthwise_regularizer', 'embeddings_regularizer'] as const;

/**
 * Settings the studio's kinds do not offer that change what a layer computes (not only how it
 * trains): a config with one of them set cannot become the kind without changing the model.
 */
const OUTPUT_CHANGING: readonly {
  readonly key: string;
  readonly usual: (value: unknown) => boolean;
  readonly what: string;
}[] = [
  {
    key: 'data_format',
    usual: (v) => v === undefined || v === null || v === 'channels_last',
    what: 'channels-first data',
  },
  { key: 'go_backwards', usual: (v) => !v, what: 'go_backwards' },
  { key: 'stateful', usual: (v) => !v, what: 'a stateful recurrent layer' },
  { key: 'return_state', usual: (v) => !v, what: 'return_state' },
  { key: 'mask_zero', usual: (v) => !v, what: 'mask_zero (masking)' },
];

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * The params of `kind` from `config`: each from the snake_case key of its name (`useBias` ←
 * `use_bias`), a per-axis tuple as its one value, a missing or null key left to its default, the
 * `l1`/`l2` penalties from the kernel's L1L2 regularizer. Fails on a setting the kind does not
 * offer that would change the layer's output, or on a tuple whose axes differ.
 */
export function kerasParams(kind: Pick<LayerKind, 'params'>, config: KerasConfig): Result<Record<string, unknown>> {
  const unusual = OUTPUT_CHANGING.find(({ key, usual }) => !usual(own(config, key)));
  if (unusual) return { ok: false, error: `it uses ${unusual.what}, which the studio does not offer` };
  if (!Object.hasOwn(kind.params, 'dilationRate') && !usual(own(config, 'dilation_rate')))
    return { ok: false, error: 'it is dilated, which the studio offers for Conv1D, Conv2D and SeparableConv2D only' };
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(kind.params)) {
    if (key === 'l1' || key === 'l2') continue;
    const value = own(config, snakeCase(key));
    if (value === undefined || value === null) continue;
    const single = oneValue(value);
    if (!single.ok)
      return {
        ok: false,
        error: `its ${snakeCase(key)} ${JSON.stringify(value)} differs by axis; the studio uses one value for every axis`,
      };
    params[key] = single.value;
  }
  if (Object.hasOwn(kind.params, 'l1')) {
    const penalties = penaltiesOf(config);
    if (!penalties.ok) return penalties;
    Object.assign(params, penalties.value);
  }
  return { ok: true, value: params };
}

/** A config's own key (never one inherited through a prototype); undefined when absent. */
export function own(config: KerasConfig, key: string): unknown {
  return Object.hasOwn(config, key) ? config[key] : undefined;
}

/** A scalar, or a tuple's value when every axis has the same one. */
function oneValue(value: unknown): Result<unknown> {
  if (!Array.isArray(value)) return { ok: true, value };
  const [first] = value as unknown[];
  return value.every((v) => v === first) && value.length > 0
    ? { ok: true, value: first }
    : { ok: false, error: 'differs by axis' };
}

/** True for a dilation of 1 on every axis (or none given). */
function usual(dilation: unknown): boolean {
  if (dilation === undefined || dilation === null) return true;
  return (Array.isArray(dilation) ? dilation : [dilation]).every((d) => d === 1);
}

/** `l1` and `l2` of the kernel's regularizer (L1L2, L1 or L2; none is 0 and 0). */
function penaltiesOf(config: KerasConfig): Result<{ l1: unknown; l2: unknown }> {
  for (const key of REGULARIZER_KEYS) {
    const regularizer = own(config, key);
    if (regularizer === undefined || regularizer === null) continue;
    const inner = typeof regularizer === 'object' ? own(regularizer as KerasConfig, 'config') : undefined;
    const className = typeof regularizer === 'object' ? own(regularizer as KerasConfig, 'class_name') : undefined;
    if (typeof inner !== 'object' || inner === null || !['L1L2', 'L1', 'L2'].includes(String(className)))
      return { ok: false, error: `its ${key} is not an L1/L2 penalty` };
    const values = inner as KerasConfig;
    return { ok: true, value: { l1: own(values, 'l1') ?? 0, l2: own(values, 'l2') ?? 0 } };
  }
  return { ok: true, value: { l1: 0, l2: 0 } };
}
