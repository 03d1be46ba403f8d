/**
 * Image augmentation of training batches: each example gets its own random flip, rotation, shift
 * and zoom, drawn from a generator seeded by the run's seed and the epoch, so a seeded run is
 * reproducible. One projective transform per example (`tf.image.transform`, which has kernels on
 * cpu, wasm and webgpu), sampled bilinearly; pixels from outside the image repeat the nearest
 * edge pixel, which is background whatever its colour (a constant 0 would draw black wedges on
 * white backgrounds).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../data/split';
import { augmentationUnavailableBecause } from '../model/augmentation';
import type { TrainingConfig } from '../model/project';
import type { DataContext } from '../model/task';

/** One example's transform, as seen on screen (rows grow downwards). */
export interface ImageTransform {
  /** Mirror left–right first. */
  readonly flip: boolean;
  /** Counter-clockwise, in degrees, about the image's centre. */
  readonly rotationDegrees: number;
  /** In pixels: right and down are positive. */
  readonly shiftX: number;
  readonly shiftY: number;
  /** Scale about the centre: above 1 enlarges. */
  readonly zoom: number;
}

type AugmentationSettings = Pick<TrainingConfig, 'augmentFlip' | 'augmentRotation' | 'augmentShift' | 'augmentZoom'>;

/** Keeps the augmentation draws apart from the shuffle, which mulberry32(seed) drives. */
const AUGMENTATION_STREAM = 0x5eed_a06e;

/**
 * The generator of one epoch's transforms: it depends only on the seed and the epoch, so epoch e
 * draws the same transforms however the run got there.
 */
export function augmentationRandom(seed: number, epoch: number): () => number {
  // The odd multiplier (2^32 / golden ratio) spreads neighbouring seeds far apart before mulberry32 mixes them.
  return mulberry32((Math.imul(seed ^ AUGMENTATION_STREAM, 0x9e3779b9) + epoch) >>> 0);
}

/**
 * Draws `count` transforms within the settings' bounds. Every example consumes the same five
 * draws whichever knobs are on, so changing one knob does not reshuffle the others.
 */
export function drawTransforms(
  count: number,
  height: number,
  width: number,
  settings: AugmentationSettings,
  random: () => number,
): ImageTransform[] {
  const symmetric = (): number => 2 * random() - 1;
  return Array.from({ length: count }, () => {
    const flip = random() < 0.5;
    const rotation = symmetric();
    const shiftX = symmetric();
    const shiftY = symmetric();
    const zoom = symmetric();
    return {
      flip: settings.augmentFlip && flip,
      rotationDegrees: rotation * settings.augmentRotation,
      shiftX: shiftX * settings.augmentShift * width,
      shiftY: shiftY * settings.augmentShift * height,
      zoom: 1 + zoom * settings.augmentZoom,
    };
  });
}

/**
 * tf.image.transform's row [a0, a1, a2, b0, b1, b2, c0, c1] maps an OUTPUT pixel (x, y) to the
 * input point it samples, so this is the inverse of the transform: undo the shift, the zoom and
 * the rotation about the centre, then the flip.
 */
function inverseMatrix(transform: ImageTransform, height: number, width: number): number[] {
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const radians = (transform.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(radians) / transform.zoom;
  const sin = Math.sin(radians) / transform.zoom;
  const fromX = centreX + transform.shiftX;
  const fromY = centreY + transform.shiftY;
  // With u = x − fromX, v = y − fromY: input x = centreX + cos·u − sin·v, input y = centreY + sin·u + cos·v.
  const row = [cos, -sin, centreX - cos * fromX + sin * fromY, sin, cos, centreY - sin * fromX - cos * fromY, 0, 0];
  if (!transform.flip) return row;
  const [a0, a1, a2, ...rest] = row as [number, number, number, ...number[]];
  return [-a0, -a1, width - 1 - a2, ...rest];
}

/** The images [n, h, w, c] with transforms[i] applied to image i; a new tensor, the input untouched. */
export function transformImages(images: tf.Tensor4D, transforms: readonly ImageTransform[]): tf.Tensor4D {
  const [count, height, width] = images.shape;
  const matrices = transforms.flatMap((t) => inverseMatrix(t, height, width));
  return tf.tidy(() => {
    const transform = (batch: tf.Tensor4D, rows: number[]): tf.Tensor4D =>
      tf.image.transform(batch, tf.tensor2d(rows, [rows.length / 8, 8]), 'bilinear', 'nearest');
    // tfjs 4.22's cpu Transform kernel returns after the first image of a batch and leaves the
    // others blank, so the cpu backend gets one image per call. wasm and webgpu do whole batches.
    if (tf.getBackend() !== 'cpu') return transform(images, matrices);
    const single = tf.split<tf.Tensor4D>(images, count, 0);
    return tf.concat(single.map((image, i) => transform(image, matrices.slice(8 * i, 8 * i + 8))));
  });
}

/**
 * What one epoch's training batches go through: a fresh random transform per example, or
 * undefined when augmentation is off or the examples are not images. Validation, evaluation and
 * prediction never call it.
 */
export function batchAugmenter(
  settings: TrainingConfig,
  data: DataContext,
  seed: number,
  epoch: number,
): ((images: tf.Tensor) => tf.Tensor) | undefined {
  if (!settings.augment || augmentationUnavailableBecause(data) !== undefined) return undefined;
  const random = augmentationRandom(seed, epoch);
  return (images) => {
    const batch = images as tf.Tensor4D;
    const [count, height, width] = batch.shape;
    return transformImages(batch, drawTransforms(count, height, width, settings, random));
  };
}
