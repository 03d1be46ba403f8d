/**
 * Graph → a readable PyTorch `model.py`: an nn.Module with one attribute per layer that has
 * weights (named after its node), made in `__init__`, and `forward` in topological order.
 *
 * Layout: the module takes and returns tensors in the studio's layout (channels last: (batch,
 * steps, channels), (batch, height, width, channels)) and keeps it between layers, so every layer
 * means what its tfjs twin means and Flatten lays the values out in the same order; only the
 * convolutions and pooling move the channels first for PyTorch's op and back (`channels_first`,
 * `channels_last`). Each kind writes its own part (`toTorch` in src/model/layers/).
 */
import { incomingEdges, type Graph } from '../graph';
import { inferGraph } from '../infer';
import { getLayerKind } from '../layers';
import { py, type LayerKind } from '../layers/layerKind';
import type { TorchContext, TorchLayer } from '../layers/torch';
import type { Result } from '../result';
import { checkParams } from '../schema';
import type { DataContext } from '../task';
import { PYTHON_KEYWORDS, pythonVariables } from './keras';
import { withParamExpressions, type Values } from './paramExpressions';

export interface TorchModuleOptions {
  /** The nn.Module's class name. */
  readonly className?: string;
  /**
   * A Python expression written in place of a layer param's value, e.g.
   * `params["nodes.dense_1.params.units"]`, as in `KerasScriptOptions`. The class then takes
   * `params` (`__init__(self, params)`) and reads every layer's input width from a probe batch
   * run through the layers as they are made, so widths that follow a swept param stay right.
   */
  readonly paramExpression?: (nodeId: string, param: string) => string | undefined;
}

/** The imports every line `torchModelLines` writes relies on. */
export const TORCH_IMPORTS: readonly string[] = [
  'import math',
  '',
  'import torch',
  'from torch import nn',
  'from torch.nn import functional as F',
];

const DEFAULT_CLASS_NAME = 'TensorloomModel';

/** The module-level helpers layers call, each written only when the code calls it. */
const HELPERS: readonly { readonly name: string; readonly code: string }[] = [
  {
    name: 'channels_first',
    code: `def channels_first(x):
    """(batch, …, channels) → (batch, channels, …): the layout PyTorch's convolutions and pooling take."""
    return x.movedim(-1, 1)`,
  },
  {
    name: 'channels_last',
    code: `def channels_last(x):
    """(batch, channels, …) → (batch, …, channels): the studio's layout, kept between layers."""
    return x.movedim(1, -1)`,
  },
  {
    name: 'pad_same',
    code: `def pad_same(x, kernel_size, stride, dilation=1, value=0.0):
    """Keras's "same" padding of a channels-first input: what the windows need, the odd one after."""
    pads = []
    for length in reversed(x.shape[2:]):
        span = (kernel_size - 1) * dilation + 1
        total = max((-(-length // stride) - 1) * stride + span - length, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)`,
  },
  {
    name: 'crop_same',
    code: `def crop_same(y, kernel_size, stride):
    """Keras's "same" for a transposed convolution: the middle input·stride of each spatial axis."""
    start = (kernel_size - stride) // 2
    end = kernel_size - stride - start
    return y[:, :, start:y.shape[2] - end, start:y.shape[3] - end]`,
  },
];

/** Names the generated file defines or imports, and nn.Module's own attributes: a node id must not shadow them. */
const RESERVED = new Set([
  'math',
  'np',
  'os',
  'torch',
  'nn',
  'F',
  'self',
  'params',
  'load',
  'load_weights',
  'forward',
  'training',
  'train',
  'eval',
  'modules',
  'parameters',
  'buffers',
  'children',
  'state_dict',
  'load_state_dict',
  'to',
  'cpu',
  'cuda',
  'float',
  'double',
  'half',
  'type',
  'apply',
  'zero_grad',
  'register_buffer',
  'register_parameter',
  'add_module',
  ...HELPERS.map((helper) => helper.name),
  'KERAS_ACTIVATIONS',
  'Recurrent',
  'Bidirectional',
  'MultiHeadAttention',
  'PositionalEmbedding',
  'TensorloomModel',
  ...PYTHON_KEYWORDS,
]);

/** "node (Type)" for each layer of the graph the PyTorch export cannot write. */
export function torchUnsupported(graph: Graph): string[] {
  return graph.nodes
    .filter((node) => {
      const kind = getLayerKind(node.type);
      return kind?.role !== 'input' && !kind?.toTorch;
    })
    .map((node) => `${node.id} (${node.type})`);
}

/** One layer's PyTorch code: its module line, forward statement and weight conversion. */
export interface TorchNode {
  readonly id: string;
  /** The Python identifier of its forward variable and module attribute. */
  readonly variable: string;
  readonly layer: TorchLayer;
}

interface TorchPlan {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Every node but the inputs, in topological order. */
  readonly nodes: readonly (TorchNode & { readonly moduleLine?: string; readonly forwardLine: string })[];
  readonly preambles: readonly string[];
}

/** Each layer's PyTorch code, or why the graph cannot be written. */
function torchPlan(graph: Graph, data: DataContext, options: TorchModuleOptions): Result<TorchPlan> {
  const unsupported = torchUnsupported(graph);
  if (unsupported.length > 0)
    return {
      ok: false,
      error: `The PyTorch export cannot write ${unsupported.join(', ')}: replace ${unsupported.length > 1 ? 'them' : 'it'} with palette layers.`,
    };
  const inference = inferGraph(graph, data);
  if (!inference.canTrain)
    return { ok: false, error: `Cannot write a PyTorch module for this graph: ${inference.reason}` };
  const variables = pythonVariables(inference.order, RESERVED);
  const nodesById = new Map(graph.nodes.map((node) => [node.id, node]));
  const incoming = incomingEdges(graph);
  const inputs: string[] = [];
  const outputs: string[] = [];
  const preambles = new Set<string>();
  const nodes: TorchPlan['nodes'][number][] = [];
  try {
    for (const id of inference.order) {
      const node = nodesById.get(id)!;
      const kind = getLayerKind(node.type)! as LayerKind;
      const variable = variables.get(id);
      if (kind.role === 'input') {
        inputs.push(variable);
        continue;
      }
      if (kind.role === 'output') outputs.push(variable);
      const sources = (incoming.get(id) ?? []).map((edge) => edge.source);
      const inputShapes = sources.map((source) => inference.nodes[source]!.shape!);
      const ctx: TorchContext = {
        name: id,
        data,
        inputShapes,
        dim: (input, axis) => {
          const shape = inputShapes[input]!;
          const index = axis < 0 ? shape.length + axis : axis;
          if (options.paramExpression) return `${variables.get(sources[input]!)}.shape[${axis}]`;
          const length = shape[index];
          if (length === null || length === undefined)
            throw new Error(`${id}: its input's axis ${index} has no known length, which its PyTorch module needs`);
          return String(length);
        },
      };
      const params = checkParams(kind.params, node.params).params as Values;
      const args = sources.map((source) => variables.get(source));
      const self = `self.${variable}`;
      const write = (part: (layer: TorchLayer) => string) =>
        options.paramExpression
          ? withParamExpressions(kind, params, id, options.paramExpression, (values) =>
              part(kind.toTorch!(values, ctx)),
            )
          : part(kind.toTorch!(params, ctx));
      const layer = kind.toTorch!(params, ctx);
      const module = layer.module === undefined ? undefined : write((l) => l.module ?? '');
      nodes.push({
        id,
        variable,
        layer,
        ...(module === undefined ? {} : { moduleLine: `${self} = ${module}` }),
        forwardLine: `${variable} = ${write((l) => l.forward(args, self))}`,
      });
      for (const preamble of kind.torchPreamble ?? []) preambles.add(preamble);
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, value: { inputs, outputs, nodes, preambles: [...preambles] } };
}

/**
 * The module-level definitions model.py needs (the helpers and twin classes its layers call,
 * then the nn.Module class), without imports (`TORCH_IMPORTS`), for scripts that wrap them such
 * as a sweep's. An error names the layers it cannot write (opaque ones), or says why the graph
 * cannot train.
 */
export function torchModelLines(graph: Graph, data: DataContext, options: TorchModuleOptions = {}): Result<string[]> {
  const plan = torchPlan(graph, data, options);
  if (!plan.ok) return plan;
  const { inputs, outputs, nodes, preambles } = plan.value;
  const swept = options.paramExpression !== undefined;
  const frozen = new Set(graph.nodes.filter((node) => node.trainable === false).map((node) => node.id));
  const indent = (lines: readonly string[], depth: number) => lines.map((line) => `${'    '.repeat(depth)}${line}`);
  const layerLines = swept
    ? nodes.flatMap((node) => [...(node.moduleLine ? [node.moduleLine] : []), node.forwardLine])
    : nodes.flatMap((node) => (node.moduleLine ? [node.moduleLine] : []));
  const probe = [
    '# Each layer is made, then run on a probe batch of zeros, so the next reads its input width',
    '# from it: widths that follow the params stay right.',
    'with torch.no_grad():',
    ...indent([...inputs.map((input) => `${input} = torch.zeros(2, ${data.inputShape.join(', ')})`), ...layerLines], 1),
    ...(nodes.some((node) => node.moduleLine?.includes('nn.BatchNorm1d'))
      ? [
          "# The probe moved batch norm's running averages: start them afresh.",
          'for module in self.modules():',
          '    if isinstance(module, nn.BatchNorm1d):',
          '        module.reset_running_stats()',
        ]
      : []),
  ];
  const freezing = nodes
    .filter((node) => frozen.has(node.id) && node.moduleLine)
    .map((node) => `self.${node.variable}.requires_grad_(False)  # frozen in the studio (fine-tuning)`);
  const init = ['super().__init__()', ...(swept ? ['self.params = params', ...probe] : layerLines), ...freezing];
  const forward = [
    // A param that picks a function (an activation) is read in forward too.
    ...(swept ? ['params = self.params'] : []),
    ...nodes.map((node) => node.forwardLine),
    `return ${outputs.join(', ')}`,
  ];
  const classLines = [
    `class ${options.className ?? DEFAULT_CLASS_NAME}(nn.Module):`,
    `    """The Tensorloom model. Takes and returns tensors in the studio's layout (channels last)."""`,
    '',
    `    def __init__(self${swept ? ', params' : ''}):`,
    ...indent(init, 2),
    '',
    `    def forward(self, ${inputs.join(', ')}):`,
    ...indent(forward, 2),
  ];
  const code = classLines.join('\n') + preambles.join('\n');
  const helpers = HELPERS.filter((helper) => code.includes(`${helper.name}(`)).map((helper) => helper.code);
  return {
    ok: true,
    value: [...[...helpers, ...preambles].flatMap((definition) => [definition, '', '']), ...classLines],
  };
}

/**
 * The layers' PyTorch code by node, for the weight conversion (`TorchLayer.weights`) of an
 * export; the same error as `torchModelLines`.
 */
export function torchNodes(graph: Graph, data: DataContext): Result<readonly TorchNode[]> {
  const plan = torchPlan(graph, data, {});
  return plan.ok ? { ok: true, value: plan.value.nodes } : plan;
}

/**
 * model.py: the module, and `load(folder)` that makes it and loads weights.npz (state_dict keys,
 * PyTorch's layouts) into it, in eval mode. Needs torch and numpy.
 */
export function toTorchScript(
  graph: Graph,
  data: DataContext,
  options: Omit<TorchModuleOptions, 'paramExpression'> = {},
): Result<string> {
  const lines = torchModelLines(graph, data, options);
  if (!lines.ok) return lines;
  const className = options.className ?? DEFAULT_CLASS_NAME;
  return {
    ok: true,
    value: [
      `"""PyTorch twin of a Tensorloom model (${py(className)}).`,
      '',
      'Generated by Tensorloom. Needs `pip install torch numpy`. The module takes and returns tensors in',
      "the studio's layout: channels last, (batch, height, width, channels) for images, as the",
      "studio's predictions and metadata.json's input shape have them; inside, the convolutions and",
      'pooling move the channels first for PyTorch and back.',
      '',
      '    from model import load',
      '    model = load()                      # weights.npz from this folder, eval mode',
      '    scores = model(torch.as_tensor(x))  # x: float32, (n, *metadata.pipeline.inputShape)',
      '"""',
      'import os',
      ...TORCH_IMPORTS.slice(0, 1),
      '',
      'import numpy as np',
      ...TORCH_IMPORTS.slice(2),
      '',
      '',
      ...lines.value,
      '',
      '',
      'def load_weights(model, path):',
      '    """Loads an .npz of state_dict entries into the model; every parameter must be in it."""',
      '    arrays = np.load(path)',
      '    state = {key: torch.from_numpy(arrays[key]) for key in arrays.files}',
      '    missing, unexpected = model.load_state_dict(state, strict=False)',
      '    # Batch norm counts its updates; the count is not a weight and tfjs keeps none.',
      '    missing = [key for key in missing if not key.endswith("num_batches_tracked")]',
      '    if missing or unexpected:',
      '        raise ValueError(f"{path} does not fit the model: missing {missing}, unexpected {unexpected}")',
      '    return model',
      '',
      '',
      'def load(folder=os.path.dirname(os.path.abspath(__file__))):',
      '    """The model with its trained weights, in eval mode (no dropout; batch norm\'s running averages)."""',
      `    return load_weights(${className}(), os.path.join(folder, "weights.npz")).eval()`,
      '',
    ].join('\n'),
  };
}
