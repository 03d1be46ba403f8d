import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING, type TrainingConfig } from '../model/project';
import type { DataContext } from '../model/task';
import { mulberry32 } from '../data/split';
import { batchAugmenter, drawTransforms, transformImages, type ImageTransform } from './augment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const IDENTITY: ImageTransform = { flip: false, rotationDegrees: 0, shiftX: 0, shiftY: 0, zoom: 1 };
const DIGITS: DataContext = { inputShape: [6, 6, 1], task: 'multiclass', labels: ['a', 'b'] };
const AUGMENTING: TrainingConfig = {
  ...DEFAULT_TRAINING,
  augment: true,
  augmentFlip: true,
  augmentRotation: 30,
  augmentShift: 0.2,
  augmentZoom: 0.2,
};

function randomImages(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const random = mulberry32(seed);
  return tf.tensor4d(
    Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => random()),
    shape,
  );
}

/** A black image with one white pixel at (row, column). */
function dot(height: number, width: number, row: number, column: number): tf.Tensor4D {
  const pixels = new Float32Array(height * width);
  pixels[row * width + column] = 1;
  return tf.tensor4d(pixels, [1, height, width, 1]);
}

function brightest(image: tf.Tensor4D): [number, number] {
  const [, , width] = image.shape;
  const index = image.flatten().argMax().dataSync()[0]!;
  return [Math.floor(index / width), index % width];
}

const one = (transform: Partial<ImageTransform>): ImageTransform[] => [{ ...IDENTITY, ...transform }];

describe('transformImages', () => {
  it('a flip mirrors the columns exactly, every channel', () => {
    const images = randomImages([2, 4, 5, 3], 1);
    const flipped = transformImages(images, [
      { ...IDENTITY, flip: true },
      { ...IDENTITY, flip: true },
    ]);
    expect(flipped.arraySync()).toEqual(tf.reverse(images, 2).arraySync());
  });

  it('a 90° rotation turns the image counter-clockwise as seen on screen', () => {
    const images = randomImages([1, 5, 5, 1], 2);
    const rotated = transformImages(images, one({ rotationDegrees: 90 }));
    // Counter-clockwise: the right column becomes the top row, so out[r][c] = in[c][w − 1 − r].
    const expected = tf.reverse(tf.transpose(images, [0, 2, 1, 3]), 1);
    const difference = tf.sub(rotated, expected).abs().max().dataSync()[0]!;
    expect(difference).toBeLessThan(1e-5);
    expect(brightest(transformImages(dot(3, 3, 1, 2), one({ rotationDegrees: 90 })))).toEqual([0, 1]);
  });

  it('a shift moves a bright pixel by that many pixels, and a zoom away from the centre', () => {
    expect(brightest(transformImages(dot(7, 7, 3, 3), one({ shiftX: 2, shiftY: -1 })))).toEqual([2, 5]);
    const shifted = transformImages(dot(7, 7, 3, 3), one({ shiftX: 2, shiftY: -1 }));
    expect(shifted.sum().dataSync()[0]).toBeCloseTo(1, 5);
    // Twice as large about the centre (3, 3): the pixel at (3, 4) lands at (3, 5).
    expect(brightest(transformImages(dot(7, 7, 3, 4), one({ zoom: 2 })))).toEqual([3, 5]);
  });

  it('keeps the shape and the value range, and leaves no tensors behind', () => {
    const images = randomImages([8, 6, 6, 3], 3);
    const before = tf.memory().numTensors;
    const transforms = drawTransforms(8, 6, 6, AUGMENTING, mulberry32(4));
    const augmented = transformImages(images, transforms);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(augmented.shape).toEqual(images.shape);
    const [low, high] = tf.tidy(() => [augmented.min().dataSync()[0]!, augmented.max().dataSync()[0]!]);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
    augmented.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('transforms a whole batch on wasm exactly as image by image on cpu', async () => {
    const transforms = drawTransforms(4, 6, 6, AUGMENTING, mulberry32(5));
    const onCpu = transformImages(randomImages([4, 6, 6, 2], 6), transforms).arraySync();
    expect(await tf.setBackend('wasm')).toBe(true);
    try {
      const onWasm = transformImages(randomImages([4, 6, 6, 2], 6), transforms).arraySync();
      expect(onWasm.flat(3)).toEqual(onCpu.flat(3).map((v) => expect.closeTo(v, 5)));
    } finally {
      await tf.setBackend('cpu');
    }
  });
});

describe('drawTransforms', () => {
  it('stays within the bounds, and never flips unless asked', () => {
    const transforms = drawTransforms(500, 10, 20, { ...AUGMENTING, augmentFlip: false }, mulberry32(7));
    expect(transforms.some((t) => t.flip)).toBe(false);
    for (const t of transforms) {
      expect(Math.abs(t.rotationDegrees)).toBeLessThanOrEqual(30);
      expect(Math.abs(t.shiftX)).toBeLessThanOrEqual(0.2 * 20);
      expect(Math.abs(t.shiftY)).toBeLessThanOrEqual(0.2 * 10);
      expect(Math.abs(t.zoom - 1)).toBeLessThanOrEqual(0.2);
    }
    expect(drawTransforms(500, 10, 20, AUGMENTING, mulberry32(7)).filter((t) => t.flip).length).toBeGreaterThan(200);
  });
});

describe('batchAugmenter', () => {
  const augmentWith = (seed: number, epoch: number): number[] => {
    const augment = batchAugmenter(AUGMENTING, DIGITS, seed, epoch)!;
    return tf.tidy(() => Array.from(augment(randomImages([4, 6, 6, 1], 8)).dataSync()));
  };

  it('gives identical batches for the same seed and epoch, different ones otherwise', () => {
    const first = augmentWith(1, 0);
    expect(augmentWith(1, 0)).toEqual(first);
    expect(augmentWith(2, 0)).not.toEqual(first);
    expect(augmentWith(1, 1)).not.toEqual(first);
  });

  it('is off unless asked for, and for data that is not images', () => {
    expect(batchAugmenter(DEFAULT_TRAINING, DIGITS, 1, 0)).toBeUndefined();
    expect(
      batchAugmenter(AUGMENTING, { inputShape: [4], task: 'multiclass', labels: ['a', 'b'] }, 1, 0),
    ).toBeUndefined();
  });
});
