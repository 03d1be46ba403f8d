import { p } from '../schema';
import { filled, type TensorData } from './torch';

/** The params BatchNormalization and LayerNormalization share, with Keras's defaults. */
export const NORMALIZATION_PARAMS = {
  epsilon: p.float({
    min: 1e-6,
    max: 0.1,
    default: 0.001,
    log: true,
    help: 'Small number added to the variance so the division stays finite.',
  }),
  center: p.bool({ default: true, help: 'Learn an offset β per feature, added after normalising.' }),
  scale: p.bool({ default: true, help: 'Learn a factor γ per feature, applied after normalising.' }),
};

/** γ and β: one weight per feature for each that is learned. */
export function affineWeights({ center, scale }: { center: boolean; scale: boolean }, features: number): number {
  return (Number(center) + Number(scale)) * features;
}

/**
 * γ and β as PyTorch's affine norms hold them (weight, bias), from tfjs's weights (γ first, each
 * only when learned); one left out is written as its no-op (ones, zeros), since PyTorch learns
 * both or neither. Neither: nothing.
 */
export function affineTorchWeights(
  { center, scale }: { center: boolean; scale: boolean },
  tfjs: readonly TensorData[],
): TensorData[] {
  if (!center && !scale) return [];
  const [first] = tfjs;
  const features = first!.shape[0]!;
  const gamma = scale ? { ...first!, name: 'weight' } : filled('weight', features, 1);
  const beta = center ? { ...tfjs[Number(scale)]!, name: 'bias' } : filled('bias', features, 0);
  return [gamma, beta];
}
