import { p } from '../schema';
import { requireLayout, slideWindow, type Padding } from '../shapes';
import { CHANNELS_LAST_LAYOUTS, PADDINGS, type SpatialRank } from './convBase';
import { kerasParams, own } from './kerasConfig';
import {
  applyToOnlyInput,
  defineLayerKind,
  familyIdentity,
  noMultiplyAdds,
  onlyInput,
  py,
  type FamilyMember,
  type LayerKind,
  type Tf,
  type TfLayer,
} from './layerKind';
import { channelsFirst } from './torch';

export const POOL_PARAMS = {
  poolSize: p.int({
    min: 1,
    max: 16,
    default: 2,
    tunable: true,
    help: 'Length of the window along each spatial axis.',
  }),
  strides: p.int({
    min: 1,
    max: 16,
    default: 2,
    help: 'Step between windows; when it equals poolSize, windows do not overlap.',
  }),
  padding: p.enum(PADDINGS, {
    default: 'valid',
    help: '"valid" drops the positions where a window would overhang; "same" pads so only the stride shrinks the output.',
  }),
};

/** What a pooling window keeps of its values. */
export type PoolReduction = 'max' | 'average';

interface PoolingConfig<T extends string> extends FamilyMember<T> {
  readonly rank: SpatialRank;
  readonly reduce: PoolReduction;
  /** The tfjs layer for these args (`tf.layers.maxPooling2d`, say). */
  readonly create: (tf: Tf, args: { poolSize: number; strides: number; padding: Padding; name: string }) => TfLayer;
}

/** What every pooling kind shares: one input, no weights, no multiply-adds. */
function poolingBasics<T extends string>(member: FamilyMember<T>) {
  return {
    ...familyIdentity(member, 'pooling'),
    arity: { min: 1, max: 1 },
    paramCount: () => 0,
    flops: noMultiplyAdds,
  };
}

/**
 * Max or average pooling over `rank` spatial axes (Keras's `BasePooling`): a window of `poolSize`
 * along every spatial axis, reduced per channel. Its gradient kernels exist on every backend.
 */
export function definePoolingKind<T extends string>({
  rank,
  reduce,
  create,
  ...member
}: PoolingConfig<T>): LayerKind<typeof POOL_PARAMS, T> {
  const { type } = member;
  return defineLayerKind({
    ...poolingBasics(member),
    params: POOL_PARAMS,
    inferShape: (inputs, { poolSize, strides, padding }) => {
      const x = onlyInput(inputs);
      requireLayout(x, CHANNELS_LAST_LAYOUTS[rank], type);
      const spatial = slideWindow(x.slice(1, -1), { size: poolSize, stride: strides, padding, dilation: 1 }, type);
      return [...x.slice(0, 1), ...spatial, ...x.slice(-1)];
    },
    // Keras saves strides None for "as poolSize".
    fromKeras: (config) =>
      kerasParams({ params: POOL_PARAMS }, { ...config, strides: own(config, 'strides') ?? own(config, 'pool_size') }),
    build: (tf, { poolSize, strides, padding }, { name }) =>
      applyToOnlyInput(create(tf, { poolSize, strides, padding, name })),
    toKeras: ({ poolSize, strides, padding }, { name }) =>
      `layers.${type}(pool_size=${poolSize}, strides=${strides}, padding=${py(padding)}, name=${py(name)})`,
    // Keras's "same" pads more after than before, which PyTorch's pooling cannot: the input is
    // padded first (`pad_same`), with -inf for max, and an average counts the real values only.
    toTorch: ({ poolSize, strides, padding }) => ({
      module: `nn.${reduce === 'max' ? 'Max' : 'Avg'}Pool${rank}d(${poolSize}, stride=${strides})`,
      forward: ([x], self) =>
        channelsFirst(x!, (first) => {
          const padded = (y: string, value?: string) =>
            padding === 'same'
              ? `pad_same(${[y, poolSize, strides, 1, ...(value ? [`value=${value}`] : [])].join(', ')})`
              : y;
          if (reduce === 'max') return `${self}(${padded(first, '-math.inf')})`;
          return padding === 'same'
            ? `${self}(${padded(first)}) / ${self}(${padded(`torch.ones_like(${first})`)})`
            : `${self}(${first})`;
        }),
    }),
  });
}

interface GlobalPoolingConfig<T extends string> extends Omit<PoolingConfig<T>, 'create'> {
  readonly create: (tf: Tf, args: { name: string }) => TfLayer;
}

/** Max or average over every spatial axis at once, one value per channel: (batch, …, channels) → (batch, channels). */
export function defineGlobalPoolingKind<T extends string>({
  rank,
  reduce,
  create,
  ...member
}: GlobalPoolingConfig<T>): LayerKind<Record<never, never>, T> {
  const { type } = member;
  return defineLayerKind({
    ...poolingBasics(member),
    params: {},
    inferShape: (inputs) => {
      const x = onlyInput(inputs);
      requireLayout(x, CHANNELS_LAST_LAYOUTS[rank], type);
      return [...x.slice(0, 1), ...x.slice(-1)];
    },
    build: (tf, _params, { name }) => applyToOnlyInput(create(tf, { name })),
    toKeras: (_params, { name }) => `layers.${type}(name=${py(name)})`,
    toTorch: () => ({
      forward: ([x]) => `${x}.${reduce === 'max' ? 'amax' : 'mean'}(dim=${rank === 1 ? '1' : '(1, 2)'})`,
    }),
  });
}
