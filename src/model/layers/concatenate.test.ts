import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import type { Shape } from '../shapes';
import { concatenate } from './concatenate';

/** 2 or 3 inputs of one rank, agreeing on every axis but `axis`, whatever their lengths along it. */
function joinableInputs(axis: number): fc.Arbitrary<readonly Shape[]> {
  const minRank = axis < 0 ? 1 - axis : axis + 1;
  return fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: Math.max(minRank, 2) - 1, maxLength: 3 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 3 }),
    )
    .map(([dims, lengths]) => {
      const shape: Shape = [null, ...dims];
      const index = axis < 0 ? shape.length + axis : axis;
      return lengths.map((length) => shape.map((d, i) => (i === index ? length : d)));
    });
}

layerKindSuite(
  concatenate,
  [
    {
      inputs: [
        [null, 3],
        [null, 4],
      ],
      output: [null, 7],
      paramCount: 0,
      keras: 'layers.Concatenate(axis=-1, name="layer_under_test")',
    },
    {
      name: 'along the steps',
      params: { axis: 1 },
      inputs: [
        [null, 2, 3],
        [null, 5, 3],
      ],
      output: [null, 7, 3],
    },
    {
      name: 'a negative axis other than -1',
      params: { axis: -2 },
      inputs: [
        [null, 2, 3],
        [null, 5, 3],
        [null, 1, 3],
      ],
      output: [null, 8, 3],
    },
    {
      name: 'an unknown length along the axis',
      params: { axis: 1 },
      inputs: [
        [null, null, 3],
        [null, 5, 3],
      ],
      output: [null, null, 3],
    },
    {
      name: 'feature maps',
      inputs: [
        [null, 4, 4, 2],
        [null, 4, 4, 6],
      ],
      output: [null, 4, 4, 8],
    },
    { params: { axis: 9 }, error: /`axis`: expected an integer in \[-8, 8\], received 9/ },
    {
      params: { axis: 0 },
      inputs: [
        [null, 3],
        [null, 3],
      ],
      shapeError: /^Concatenate cannot join along the batch axis; use -1 for the last axis/,
    },
    {
      params: { axis: 3 },
      inputs: [
        [null, 2, 3],
        [null, 2, 3],
      ],
      shapeError: /^Concatenate's axis 3 is not an axis of inputs of rank 3/,
    },
    {
      params: { axis: -4 },
      inputs: [
        [null, 2, 3],
        [null, 2, 3],
      ],
      shapeError: /^Concatenate's axis -4 is not an axis/,
    },
    {
      inputs: [
        [null, 3],
        [null, 2, 3],
      ],
      shapeError: /^Concatenate needs inputs of the same rank, received \(None, 3\) and \(None, 2, 3\)/,
    },
    {
      inputs: [
        [null, 2, 3],
        [null, 5, 4],
      ],
      shapeError:
        /^Concatenate needs inputs that match on every axis but axis -1, received \(None, 2, 3\) and \(None, 5, 4\)/,
    },
  ],
  {
    params: fc.record({ axis: fc.constantFrom(-3, -2, -1, 1, 2, 3) }),
    inputs: ({ axis }) => joinableInputs(axis),
  },
);
