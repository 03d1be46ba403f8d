import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import type { Shape } from '../shapes';
import { reshape } from './reshape';

/** 1 to 3 target lengths, one of them perhaps -1, padded with 0s to the three dims. */
const dimsArbitrary = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.nat())
  .map(([lengths, pick]) => {
    const inferredAxis = pick % (lengths.length + 1); // lengths.length: none inferred
    const [dim1 = 0, dim2 = 0, dim3 = 0] = lengths.map((d, axis) => (axis === inferredAxis ? -1 : d));
    return { dim1, dim2, dim3 };
  });

/** An input holding `size` values, flat or split over two axes. */
function inputOfSize(size: number): fc.Arbitrary<readonly Shape[]> {
  const divisors = Array.from({ length: size }, (_, i) => i + 1).filter((d) => size % d === 0);
  return fc.constantFrom(...divisors).map((d) => (d === 1 ? [[null, size]] : [[null, d, size / d]]));
}

layerKindSuite(
  reshape,
  [
    {
      name: 'features to (features, 1)',
      input: [null, 4],
      output: [null, 4, 1],
      paramCount: 0,
      keras: 'layers.Reshape((-1, 1), name="layer_under_test")',
    },
    {
      name: 'a flat image',
      params: { dim1: 28, dim2: 28, dim3: 1 },
      input: [null, 784],
      output: [null, 28, 28, 1],
      keras: 'layers.Reshape((28, 28, 1),',
    },
    {
      name: 'a -1 in the middle',
      params: { dim1: 2, dim2: -1, dim3: 3 },
      input: [null, 4, 6],
      output: [null, 2, 4, 3],
    },
    {
      name: 'one axis',
      params: { dim1: -1, dim2: 0 },
      input: [null, 3, 5],
      output: [null, 15],
      keras: 'layers.Reshape((-1,),',
    },
    { params: { dim2: -2 }, error: /`dim2`: expected an integer in \[-1, 65536\], received -2/ },
    {
      params: { dim1: 4, dim2: 0, dim3: 2 },
      input: [null, 8],
      shapeError:
        /^Reshape needs a length for dim1, and 0 only in the last dims to leave them out, received \(4, 0, 2\)/,
    },
    { params: { dim1: 0, dim2: 0 }, input: [null, 8], shapeError: /^Reshape needs a length for dim1/ },
    {
      params: { dim1: -1, dim2: -1 },
      input: [null, 8],
      shapeError: /^Reshape can infer one axis only \(one dim of -1\), received \(-1, -1\)/,
    },
    {
      params: { dim1: 5, dim2: 3 },
      input: [null, 12],
      shapeError:
        /^Reshape cannot arrange the 12 values of \(None, 12\) as \(5, 3\); make the dims multiply to 12, or set one to -1/,
    },
    {
      params: { dim1: 5, dim2: -1 },
      input: [null, 12],
      shapeError: /^Reshape cannot arrange the 12 values of \(None, 12\) as \(5, -1\)/,
    },
    { input: [null, null, 3], shapeError: /^Reshape needs every axis but the batch known, received \(None, None, 3\)/ },
  ],
  {
    params: dimsArbitrary,
    inputs: ({ dim1, dim2, dim3 }) => {
      const target = [dim1, dim2, dim3].filter((d) => d !== 0);
      const known = target.filter((d) => d > 0).reduce((n, d) => n * d, 1);
      return target.includes(-1)
        ? fc.integer({ min: 1, max: 4 }).chain((inferred) => inputOfSize(known * inferred))
        : inputOfSize(known);
    },
  },
);
