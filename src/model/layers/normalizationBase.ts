import { p } from '../schema';

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
