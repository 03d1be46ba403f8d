"""Predicts with a Tensorloom model using numpy alone: no TensorFlow, no Keras.

architecture.json is the network as TensorFlow.js saved it (Keras's functional config);
weights.npz holds every weight by its tfjs name ("dense_1/kernel"); metadata.json the
preprocessing fitted on the training rows (rows.py encodes a raw row with it). The forward pass below reproduces the studio's
predictions (to about 1e-5) for the layers listed in LAYERS.

    python predict.py '{"column": "cell", ...}'     # a raw table row → the prediction
    from predict import load, predict, predict_raw
"""
import json
import math
import os
import sys

import numpy as np

from rows import answer, encode_row


# ── activations ───────────────────────────────────────────────────────────────

def _erf(x):
    # numpy has no erf; math.erf per value is exact (and fast enough for a prediction).
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x):
    return np.logaddexp(0, x)


ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0))),
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))),
    "swish": lambda x: x * _sigmoid(x),
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "sigmoid": _sigmoid,
    "hard_sigmoid": lambda x: np.clip(0.2 * x + 0.5, 0, 1),
    "tanh": np.tanh,
    "softmax": _softmax,
    "log_softmax": lambda x: np.log(_softmax(x)),
    "softplus": _softplus,
    "softsign": lambda x: x / (1 + np.abs(x)),
}


def activation(name):
    if name not in ACTIVATIONS:
        raise NotImplementedError(f"activation {name!r} is not implemented in predict.py")
    return ACTIVATIONS[name]


# ── sliding windows (channels last) ──────────────────────────────────────────

def _pads(size, kernel, stride, dilation, padding):
    """TensorFlow's padding: 'same' puts the odd cell at the end."""
    reach = (kernel - 1) * dilation + 1
    if padding == "valid":
        return 0, 0, (size - reach) // stride + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + reach - size, 0)
    return total // 2, total - total // 2, out


def _windows(x, kernel, strides, dilations, padding, fill=0.0):
    """Yields (window offset, strided slice) over a padded (batch, *spatial, channels) input."""
    spatial = x.shape[1:-1]
    geometry = [_pads(s, k, st, d, padding) for s, k, st, d in zip(spatial, kernel, strides, dilations)]
    padded = np.pad(x, [(0, 0)] + [(a, b) for a, b, _ in geometry] + [(0, 0)], constant_values=fill)
    outs = [out for _, _, out in geometry]
    for offset in np.ndindex(*kernel):
        index = tuple(slice(o * d, o * d + (n - 1) * st + 1, st) for o, d, st, n in zip(offset, dilations, strides, outs))
        yield offset, padded[(slice(None),) + index]


def _as_list(value, rank):
    return list(value) if isinstance(value, (list, tuple)) else [value] * rank


def _conv(x, kernel, strides, dilations, padding):
    rank = kernel.ndim - 2
    out = None
    for offset, window in _windows(x, kernel.shape[:rank], _as_list(strides, rank), _as_list(dilations, rank), padding):
        term = window @ kernel[offset]
        out = term if out is None else out + term
    return out


def _depthwise(x, kernel, strides, dilations, padding):
    channels, multiplier = kernel.shape[2:]
    out = None
    for offset, window in _windows(x, kernel.shape[:2], _as_list(strides, 2), _as_list(dilations, 2), padding):
        term = (window[..., :, None] * kernel[offset]).reshape(window.shape[:-1] + (channels * multiplier,))
        out = term if out is None else out + term
    return out


def _pool(x, config, rank, reduce):
    size = _as_list(config["pool_size"], rank)
    strides = _as_list(config.get("strides") or size, rank)
    if reduce == "max":
        windows = [w for _, w in _windows(x, size, strides, [1] * rank, config["padding"], fill=-np.inf)]
        return np.max(windows, axis=0)
    # Average over the cells inside the input only, as TensorFlow does at the edges.
    total = sum(w for _, w in _windows(x, size, strides, [1] * rank, config["padding"]))
    count = sum(w for _, w in _windows(np.ones_like(x[:1]), size, strides, [1] * rank, config["padding"]))
    return total / count


# ── layers: (config, weights, inputs) → output ───────────────────────────────

def _bias(y, w, name="bias"):
    return y + w[name] if name in w else y


def _dense(c, w, xs):
    return activation(c["activation"])(_bias(xs[0] @ w["kernel"], w))


def _convolution(c, w, xs):
    x, kernel = xs[0], w["kernel"]
    if kernel.ndim == 3:
        # Conv1D: run as a 2D convolution over a height of 1.
        strides, dilations = [1] + _as_list(c["strides"], 1), [1] + _as_list(c["dilation_rate"], 1)
        y = _conv(x[:, None], kernel[None], strides, dilations, c["padding"])[:, 0]
    else:
        y = _conv(x, kernel, c["strides"], c["dilation_rate"], c["padding"])
    return activation(c["activation"])(_bias(y, w))


def _depthwise_conv(c, w, xs):
    y = _depthwise(xs[0], w["depthwise_kernel"], c["strides"], c["dilation_rate"], c["padding"])
    return activation(c["activation"])(_bias(y, w))


def _separable_conv(c, w, xs):
    y = _depthwise(xs[0], w["depthwise_kernel"], c["strides"], c["dilation_rate"], c["padding"])
    y = y @ w["pointwise_kernel"][0, 0]
    return activation(c["activation"])(_bias(y, w))


def _batch_norm(c, w, xs):
    scale = w.get("gamma", 1) / np.sqrt(w["moving_variance"] + c["epsilon"])
    return (xs[0] - w["moving_mean"]) * scale + w.get("beta", 0)


def _layer_norm(c, w, xs):
    x = xs[0]
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + c["epsilon"]) * w.get("gamma", 1) + w.get("beta", 0)


def _reshape(c, w, xs):
    return xs[0].reshape((xs[0].shape[0],) + tuple(c["target_shape"]))


def _embedding(c, w, xs):
    return w["embeddings"][xs[0].astype(np.int64)]


def _concatenate(c, w, xs):
    return np.concatenate(xs, axis=c.get("axis", -1))


def _multiply(c, w, xs):
    out = xs[0]
    for x in xs[1:]:
        out = out * x
    return out


# ── recurrent layers: Keras's gate order, tfjs's cells (GRU with the reset gate before the product) ──

def _rnn(cell, c, w, x):
    act = activation(c["activation"])
    gate = activation(c.get("recurrent_activation", "sigmoid"))
    kernel, recurrent = w["kernel"], w["recurrent_kernel"]
    bias = w.get("bias", np.zeros(kernel.shape[1], kernel.dtype))
    units = recurrent.shape[0]
    h = np.zeros((x.shape[0], units), x.dtype)
    state = np.zeros_like(h)
    outputs = []
    for t in range(x.shape[1]):
        z = x[:, t] @ kernel + bias
        if cell == "SimpleRNN":
            h = act(z + h @ recurrent)
        elif cell == "LSTM":
            z = z + h @ recurrent
            i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
            state = gate(f) * state + gate(i) * act(g)
            h = gate(o) * act(state)
        else:  # GRU
            hz = h @ recurrent[:, :2 * units]
            update = gate(z[:, :units] + hz[:, :units])
            reset = gate(z[:, units:2 * units] + hz[:, units:])
            candidate = act(z[:, 2 * units:] + (reset * h) @ recurrent[:, 2 * units:])
            h = update * h + (1 - update) * candidate
        outputs.append(h)
    return np.stack(outputs, axis=1) if c.get("return_sequences") else h


def _recurrent(cell):
    return lambda c, w, xs: _rnn(cell, c, w, xs[0])


def _bidirectional(c, w, xs):
    inner = c["layer"]
    cell, config = inner["class_name"], inner["config"]
    forward = _rnn(cell, config, w["forward"], xs[0])
    backward = _rnn(cell, config, w["backward"], xs[0][:, ::-1])
    if config.get("return_sequences"):
        backward = backward[:, ::-1]
    merge = c.get("merge_mode", "concat")
    if merge == "concat":
        return np.concatenate([forward, backward], axis=-1)
    return {"sum": forward + backward, "mul": forward * backward, "ave": (forward + backward) / 2}[merge]


LAYERS = {
    "Dense": _dense,
    "Activation": lambda c, w, xs: activation(c["activation"])(xs[0]),
    "Dropout": lambda c, w, xs: xs[0],
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "Flatten": lambda c, w, xs: xs[0].reshape(xs[0].shape[0], -1),
    "Reshape": _reshape,
    "Conv1D": _convolution,
    "Conv2D": _convolution,
    "DepthwiseConv2D": _depthwise_conv,
    "SeparableConv2D": _separable_conv,
    "MaxPooling1D": lambda c, w, xs: _pool(xs[0], c, 1, "max"),
    "MaxPooling2D": lambda c, w, xs: _pool(xs[0], c, 2, "max"),
    "AveragePooling1D": lambda c, w, xs: _pool(xs[0], c, 1, "mean"),
    "AveragePooling2D": lambda c, w, xs: _pool(xs[0], c, 2, "mean"),
    "GlobalMaxPooling1D": lambda c, w, xs: xs[0].max(axis=1),
    "GlobalMaxPooling2D": lambda c, w, xs: xs[0].max(axis=(1, 2)),
    "GlobalAveragePooling1D": lambda c, w, xs: xs[0].mean(axis=1),
    "GlobalAveragePooling2D": lambda c, w, xs: xs[0].mean(axis=(1, 2)),
    "Embedding": _embedding,
    "SimpleRNN": _recurrent("SimpleRNN"),
    "LSTM": _recurrent("LSTM"),
    "GRU": _recurrent("GRU"),
    "Bidirectional": _bidirectional,
    "Add": lambda c, w, xs: sum(xs[1:], xs[0]),
    "Multiply": _multiply,
    "Concatenate": _concatenate,
}


# ── the model ─────────────────────────────────────────────────────────────────

class Model:
    def __init__(self, architecture, weights, metadata):
        config = architecture["config"]
        self.layers = config["layers"]
        self.inputs = [name for name, _, _ in config["input_layers"]]
        self.outputs = [name for name, _, _ in config["output_layers"]]
        self.metadata = metadata
        self.weights = {layer["name"]: _weights_of(layer["name"], weights) for layer in self.layers}
        missing = [f'{layer["name"]} ({layer["class_name"]})' for layer in self.layers
                   if layer["class_name"] != "InputLayer" and layer["class_name"] not in LAYERS]
        if missing:
            raise NotImplementedError("not implemented in predict.py: " + ", ".join(missing))


def _weights_of(layer, weights):
    """A layer's weights by their last name part; Bidirectional's under 'forward' and 'backward'."""
    own = {}
    for name in weights.files:
        parts = name.split("/")
        if parts[0] != layer:
            continue
        if len(parts) == 3:
            own.setdefault(parts[1].split("_")[0], {})[parts[2]] = weights[name]
        else:
            own[parts[-1]] = weights[name]
    return own


def load(folder="."):
    with open(os.path.join(folder, "architecture.json"), encoding="utf-8") as f:
        architecture = json.load(f)
    with open(os.path.join(folder, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    return Model(architecture, np.load(os.path.join(folder, "weights.npz")), metadata)


def predict(model, x):
    """The model's outputs for encoded inputs x, shaped (n, *metadata['pipeline']['inputShape'])."""
    values = {model.inputs[0]: np.asarray(x, dtype=np.float32)}
    for layer in model.layers:
        if layer["class_name"] == "InputLayer":
            continue
        sources = [values[name] for name, _, _, _ in layer["inbound_nodes"][0]]
        values[layer["name"]] = LAYERS[layer["class_name"]](layer["config"], model.weights[layer["name"]], sources).astype(np.float32)
    return values[model.outputs[0]]


def predict_raw(model, row):
    """A raw table row → the label and every class's probability, or the value (regression)."""
    return answer(model.metadata, predict(model, encode_row(model.metadata, row))[0])


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    loaded = load(here)
    if len(sys.argv) != 2:
        sys.exit('Pass a raw row as JSON (python predict.py \'{"column": "cell"}\'), or call predict(model, x) on encoded inputs.')
    print(json.dumps(predict_raw(loaded, json.loads(sys.argv[1])), indent=2))
