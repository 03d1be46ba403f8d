import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph';
import { getLayerKind, layerKinds } from '../layers';
import { defaultParams, type LayerKind } from '../layers/layerKind';
import { transposed, type TensorData, type TorchLayer } from '../layers/torch';
import type { Shape } from '../shapes';
import type { DataContext } from '../task';
import { defaultGraph, TEMPLATES } from '../templates';
import { toTorchScript, torchModelLines, torchNodes, torchUnsupported } from './torch';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

/** A kind's PyTorch code for a layer named `layer` fed `x` (shaped `inputs`). */
function torchOf(
  type: string,
  params: Record<string, string | number | boolean>,
  ...inputs: Shape[]
): TorchLayer & { code: string } {
  const kind = getLayerKind(type) as LayerKind;
  const layer = kind.toTorch!(
    { ...defaultParams(kind), ...params },
    {
      name: 'layer',
      data: IRIS,
      inputShapes: inputs,
      dim: (input, axis) => String(inputs[input]!.at(axis)),
    },
  );
  const names = inputs.map((_, i) => ['x', 'y'][i]!);
  return { ...layer, code: `${layer.module ?? ''} | ${layer.forward(names, 'self.layer')}` };
}

/** Random values, as tfjs would hand a weight of this shape over. */
function weight(name: string, shape: number[]): TensorData {
  const size = shape.reduce((a, b) => a * b, 1);
  return { name, shape, values: Float32Array.from({ length: size }, () => Math.random()) };
}

/** The flat index of a position in a row-major array of `shape`. */
function at(shape: readonly number[], index: readonly number[]): number {
  return index.reduce((flat, i, axis) => flat * shape[axis]! + i, 0);
}

describe('the PyTorch code of each layer kind', () => {
  it('covers every palette kind but the input', () => {
    const placeable = layerKinds.filter((kind) => kind.placeable !== false && kind.role !== 'input');
    expect(placeable.filter((kind) => !kind.toTorch).map((kind) => kind.type)).toEqual([]);
    expect(getLayerKind('Opaque')!.toTorch).toBeUndefined();
  });

  it.each([
    [
      'Dense',
      { units: 8, activation: 'gelu' },
      [[null, 4]],
      /^nn\.Linear\(4, 8, bias=True\) \| F\.gelu\(self\.layer\(x\)\)$/,
    ],
    ['Dropout', { rate: 0.25 }, [[null, 4]], /^nn\.Dropout\(0\.25\) \| self\.layer\(x\)$/],
    ['Activation', { activation: 'swish' }, [[null, 4]], /^ \| F\.silu\(x\)$/],
    ['Flatten', {}, [[null, 2, 3, 4]], /^ \| torch\.flatten\(x, 1\)$/],
    ['Reshape', { dim1: 2, dim2: -1 }, [[null, 6]], /^ \| x\.reshape\(x\.shape\[0\], 2, -1\)$/],
    [
      'Embedding',
      { inputDim: 30, outputDim: 5 },
      [[null, 7]],
      /^nn\.Embedding\(30, 5\) \| self\.layer\(x\.long\(\)\)$/,
    ],
    [
      'Conv2D',
      { filters: 5, kernelSize: 3, padding: 'same' },
      [[null, 8, 8, 3]],
      /^nn\.Conv2d\(3, 5, 3, stride=1, padding="same", dilation=1, bias=True\) \| torch\.relu\(channels_last\(self\.layer\(channels_first\(x\)\)\)\)$/,
    ],
    [
      'Conv1D',
      { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' },
      [[null, 9, 2]],
      /^nn\.Conv1d\(2, 4, 3, stride=2, padding="valid".*\| channels_last\(self\.layer\(pad_same\(channels_first\(x\), 3, 2, 1\)\)\)$/,
    ],
    [
      'DepthwiseConv2D',
      { kernelSize: 3, depthMultiplier: 2 },
      [[null, 6, 6, 3]],
      /^nn\.Conv2d\(3, 3 \* 2, 3, stride=1, padding="same", groups=3, bias=True\)/,
    ],
    [
      'SeparableConv2D',
      { filters: 6 },
      [[null, 6, 6, 3]],
      /^nn\.Sequential\(nn\.Conv2d\(3, 3, 3, .*groups=3, bias=False\), nn\.Conv2d\(3, 6, 1, bias=True\)\)/,
    ],
    [
      'Conv2DTranspose',
      { filters: 2, kernelSize: 3, strides: 2, padding: 'same' },
      [[null, 4, 4, 3]],
      /^nn\.ConvTranspose2d\(3, 2, 3, stride=2, bias=True\) \| .*crop_same\(self\.layer\(channels_first\(x\)\), 3, 2\)/,
    ],
    [
      'Conv2DTranspose',
      { filters: 2, kernelSize: 2, strides: 3, padding: 'same' },
      [[null, 4, 4, 3]],
      /^nn\.ConvTranspose2d\(3, 2, 2, stride=3, output_padding=1, bias=True\) \| torch\.relu\(channels_last\(self\.layer\(channels_first\(x\)\)\)\)$/,
    ],
    [
      'MaxPooling2D',
      { padding: 'same' },
      [[null, 5, 5, 3]],
      /^nn\.MaxPool2d\(2, stride=2\) \| .*pad_same\(channels_first\(x\), 2, 2, 1, value=-math\.inf\)/,
    ],
    [
      'AveragePooling1D',
      { padding: 'same' },
      [[null, 5, 3]],
      /^nn\.AvgPool1d\(2, stride=2\) \| channels_last\(self\.layer\(pad_same\(channels_first\(x\), 2, 2, 1\)\) \/ self\.layer\(pad_same\(torch\.ones_like/,
    ],
    ['GlobalMaxPooling2D', {}, [[null, 5, 5, 3]], /^ \| x\.amax\(dim=\(1, 2\)\)$/],
    ['GlobalAveragePooling1D', {}, [[null, 5, 3]], /^ \| x\.mean\(dim=1\)$/],
    [
      'BatchNormalization',
      { momentum: 0.99, epsilon: 0.001 },
      [[null, 5, 5, 3]],
      /^nn\.BatchNorm1d\(3, eps=0\.001, momentum=0\.01, affine=True\) \| self\.layer\(x\.reshape\(-1, x\.shape\[-1\]\)\)\.reshape\(x\.shape\)$/,
    ],
    [
      'LayerNormalization',
      { center: false, scale: false },
      [[null, 5, 3]],
      /^nn\.LayerNorm\(3, eps=0\.001, elementwise_affine=False\)/,
    ],
    [
      'GRU',
      { units: 3, returnSequences: true },
      [[null, 5, 2]],
      /^Recurrent\("GRU", 2, 3, activation="tanh", recurrent_activation="sigmoid", bias=True, return_sequences=True\)/,
    ],
    [
      'Bidirectional',
      { layer: 'simpleRNN', units: 3, mergeMode: 'ave' },
      [[null, 5, 2]],
      /^Bidirectional\(Recurrent\("SimpleRNN", 2, 3, .*\), Recurrent\("SimpleRNN", 2, 3, .*go_backwards=True\), "ave"\)/,
    ],
    [
      'MultiHeadAttention',
      { numHeads: 2, keyDim: 4, causal: true },
      [
        [null, 5, 6],
        [null, 7, 3],
      ],
      /^MultiHeadAttention\(6, 3, 2, 4, value_dim=4, dropout=0, bias=True, causal=True\) \| self\.layer\(x, y\)$/,
    ],
    ['PositionalEmbedding', {}, [[null, 5, 3]], /^PositionalEmbedding\(5, 3\) \| self\.layer\(x\)$/],
    [
      'Add',
      {},
      [
        [null, 3],
        [null, 3],
      ],
      /^ \| x \+ y$/,
    ],
    [
      'Multiply',
      {},
      [
        [null, 3],
        [null, 3],
      ],
      /^ \| x \* y$/,
    ],
    [
      'Concatenate',
      { axis: 1 },
      [
        [null, 3],
        [null, 2],
      ],
      /^ \| torch\.cat\(\[x, y\], dim=1\)$/,
    ],
    ['Output', {}, [[null, 4]], /^nn\.Linear\(4, 3\) \| torch\.softmax\(self\.layer\(x\), dim=-1\)$/],
  ] as [string, Record<string, string | number | boolean>, Shape[], RegExp][])(
    '%s %j: module and forward',
    (type, params, inputs, expected) => {
      expect(torchOf(type, params, ...inputs).code).toMatch(expected);
    },
  );
});

describe('the weights in PyTorch layouts', () => {
  it('transposes like numpy', () => {
    const array = weight('w', [2, 3, 4]);
    const out = transposed(array, [2, 0, 1]);
    expect(out.shape).toEqual([4, 2, 3]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++)
          expect(out.values[at([4, 2, 3], [k, i, j])]).toBe(array.values[at([2, 3, 4], [i, j, k])]);
  });

  it("Dense: the kernel (in, out) becomes nn.Linear's weight (out, in), the bias stays", () => {
    const [kernel, bias] = [weight('kernel', [4, 8]), weight('bias', [8])];
    const [w, b] = torchOf('Dense', { units: 8 }, [null, 4]).weights!([kernel, bias]);
    expect(w!.name).toBe('weight');
    expect(w!.values[at([8, 4], [5, 2])]).toBe(kernel.values[at([4, 8], [2, 5])]);
    expect(b).toMatchObject({ name: 'bias', values: bias.values });
  });

  it('Conv2D: (h, w, in, out) becomes OIHW; Conv2DTranspose: (h, w, out, in) becomes (in, out, h, w)', () => {
    const kernel = weight('kernel', [3, 2, 4, 5]);
    const [conv] = torchOf('Conv2D', { filters: 5, kernelSize: 3 }, [null, 8, 8, 4]).weights!([
      kernel,
      weight('bias', [5]),
    ]);
    expect(conv!.shape).toEqual([5, 4, 3, 2]);
    expect(conv!.values[at([5, 4, 3, 2], [3, 1, 2, 0])]).toBe(kernel.values[at([3, 2, 4, 5], [2, 0, 1, 3])]);
    const [transpose] = torchOf('Conv2DTranspose', { filters: 4, kernelSize: 3 }, [null, 4, 4, 5]).weights!([kernel]);
    expect(transpose!.shape).toEqual([5, 4, 3, 2]);
    expect(transpose!.values[at([5, 4, 3, 2], [3, 1, 2, 0])]).toBe(kernel.values[at([3, 2, 4, 5], [2, 0, 1, 3])]);
  });

  it('DepthwiseConv2D: channel c, multiplier m is output channel c·multiplier + m, as in tfjs', () => {
    const kernel = weight('depthwise_kernel', [3, 3, 4, 2]);
    const [w] = torchOf('DepthwiseConv2D', { depthMultiplier: 2, useBias: false }, [null, 6, 6, 4]).weights!([kernel]);
    expect(w!.shape).toEqual([8, 1, 3, 3]);
    expect(w!.values[at([8, 1, 3, 3], [2 * 2 + 1, 0, 2, 1])]).toBe(kernel.values[at([3, 3, 4, 2], [2, 1, 2, 1])]);
  });

  it('BatchNormalization: γ and β (a missing one as its no-op), then the running statistics', () => {
    const [beta, mean, variance] = [weight('beta', [3]), weight('moving_mean', [3]), weight('moving_variance', [3])];
    const converted = torchOf('BatchNormalization', { scale: false }, [null, 3]).weights!([beta, mean, variance]);
    expect(converted.map((w) => w.name)).toEqual(['weight', 'bias', 'running_mean', 'running_var']);
    expect([...converted[0]!.values]).toEqual([1, 1, 1]);
    expect(converted.slice(1).map((w) => w.values)).toEqual([beta.values, mean.values, variance.values]);
  });

  it("LSTM: kernels transposed with Keras's gate order kept (Recurrent computes in it); Bidirectional's halves per direction", () => {
    const [kernel, recurrent, bias] = [
      weight('kernel', [2, 12]),
      weight('recurrent_kernel', [3, 12]),
      weight('bias', [12]),
    ];
    const converted = torchOf('LSTM', { units: 3 }, [null, 5, 2]).weights!([kernel, recurrent, bias]);
    expect(converted.map((w) => [w.name, w.shape])).toEqual([
      ['weight_ih', [12, 2]],
      ['weight_hh', [12, 3]],
      ['bias', [12]],
    ]);
    expect(converted[1]!.values[at([12, 3], [7, 1])]).toBe(recurrent.values[at([3, 12], [1, 7])]);
    const both = torchOf('Bidirectional', { layer: 'lstm', units: 3 }, [null, 5, 2]).weights!([
      kernel,
      recurrent,
      bias,
      kernel,
      recurrent,
      bias,
    ]);
    expect(both.map((w) => w.name)).toEqual([
      'forward_layer.weight_ih',
      'forward_layer.weight_hh',
      'forward_layer.bias',
      'backward_layer.weight_ih',
      'backward_layer.weight_hh',
      'backward_layer.bias',
    ]);
  });

  it('MultiHeadAttention: per-head kernels flattened head-major into nn.Linear weights', () => {
    const [heads, keyDim, width] = [2, 3, 4];
    const tfjs = [
      weight('query_kernel', [width, heads, keyDim]),
      weight('query_bias', [heads, keyDim]),
      weight('key_kernel', [width, heads, keyDim]),
      weight('key_bias', [heads, keyDim]),
      weight('value_kernel', [width, heads, keyDim]),
      weight('value_bias', [heads, keyDim]),
      weight('output_kernel', [heads, keyDim, width]),
      weight('output_bias', [width]),
    ];
    const converted = torchOf('MultiHeadAttention', { numHeads: heads, keyDim }, [null, 5, width]).weights!(tfjs);
    const byName = new Map(converted.map((w) => [w.name, w]));
    expect([...byName.keys()]).toEqual([
      'query.weight',
      'query.bias',
      'key.weight',
      'key.bias',
      'value.weight',
      'value.bias',
      'output.weight',
      'output.bias',
    ]);
    const query = byName.get('query.weight')!;
    expect(query.shape).toEqual([heads * keyDim, width]);
    expect(query.values[at([6, 4], [1 * keyDim + 2, 3])]).toBe(tfjs[0]!.values[at([width, heads, keyDim], [3, 1, 2])]);
    const output = byName.get('output.weight')!;
    expect(output.shape).toEqual([width, heads * keyDim]);
    expect(output.values[at([4, 6], [3, 1 * keyDim + 2])]).toBe(tfjs[6]!.values[at([heads, keyDim, width], [1, 2, 3])]);
  });
});

describe('torchModelLines', () => {
  it('writes every template, each layer once in __init__ (those with weights) and in forward', () => {
    for (const template of TEMPLATES) {
      const data: DataContext =
        template.dataKind === 'image'
          ? { inputShape: [8, 8, 1], task: 'binary', labels: ['no', 'yes'] }
          : template.dataKind === 'text'
            ? { inputShape: [6], task: 'multiclass', labels: ['a', 'b', 'c'], vocabularySize: 20 }
            : IRIS;
      const graph = template.build(data);
      const lines = (torchModelLines(graph, data) as { ok: true; value: string[] }).value;
      const code = lines.slice(lines.indexOf('class TensorloomModel(nn.Module):')).join('\n');
      expect(code).toMatch(/^class TensorloomModel\(nn\.Module\):$/m);
      for (const node of graph.nodes.filter((n) => n.type !== 'InputLayer'))
        expect(code).toMatch(new RegExp(`^ {8}${node.id} = `, 'm'));
      const nodes = (torchNodes(graph, data) as { ok: true; value: readonly { layer: TorchLayer }[] }).value;
      expect(code.match(/^ {8}self\.\w+ = /gm)).toHaveLength(nodes.filter(({ layer }) => layer.module).length);
    }
  });

  it('names an opaque layer and writes nothing', () => {
    const graph: Graph = {
      ...defaultGraph(),
      nodes: defaultGraph().nodes.map((node) =>
        node.id === 'dense_1' ? { ...node, type: 'Opaque', params: {} } : node,
      ),
    };
    expect(torchUnsupported(graph)).toEqual(['dense_1 (Opaque)']);
    const written = toTorchScript(graph, IRIS);
    expect(written.ok).toBe(false);
    expect(!written.ok && written.error).toMatch(/cannot write dense_1 \(Opaque\)/);
  });

  it("keeps node ids from shadowing nn.Module's own names, and freezes frozen layers", () => {
    const graph = defaultGraph();
    const renamed: Graph = {
      nodes: graph.nodes.map((node) => (node.id === 'dense_1' ? { ...node, id: 'forward', trainable: false } : node)),
      edges: [
        { id: 'a', source: 'input', target: 'forward' },
        { id: 'b', source: 'forward', target: 'output' },
      ],
    };
    const code = (toTorchScript(renamed, IRIS) as { ok: true; value: string }).value;
    expect(code).toContain('self.forward_ = nn.Linear(4, 16, bias=True)');
    expect(code).toContain('forward_ = torch.relu(self.forward_(input))');
    expect(code).toContain('self.forward_.requires_grad_(False)');
  });

  it('with swept params, reads widths from a probe batch and writes the params where the values were', () => {
    const lines = torchModelLines(defaultGraph(), IRIS, {
      className: 'Trial',
      paramExpression: (nodeId, param) => (nodeId === 'dense_1' && param === 'units' ? 'params["units"]' : undefined),
    });
    const code = (lines as { ok: true; value: string[] }).value.join('\n');
    expect(code).toContain('def __init__(self, params):');
    expect(code).toContain('input = torch.zeros(2, 4)');
    expect(code).toContain('self.dense_1 = nn.Linear(input.shape[-1], params["units"], bias=True)');
    expect(code).toContain('self.output = nn.Linear(dense_1.shape[-1], 3)');
  });
});
