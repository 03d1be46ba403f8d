"""Predicts with the PyTorch twin of a Tensorloom model: model.py's module with weights.npz loaded,
and metadata.json's preprocessing fitted on the training rows (rows.py encodes a raw row with it).

    python predict.py '{"column": "cell", ...}'     # a raw table row → the prediction
    from predict import load, predict, predict_raw
"""
import json
import os
import sys

import numpy as np
import torch

from model import load as load_module
from rows import answer, encode_row

HERE = os.path.dirname(os.path.abspath(__file__))


class Model:
    def __init__(self, module, metadata):
        self.module = module
        self.metadata = metadata


def load(folder=HERE):
    """The module (eval mode, trained weights) with metadata.json."""
    with open(os.path.join(folder, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    return Model(load_module(folder), metadata)


def predict(model, x):
    """The model's outputs for encoded inputs x, shaped (n, *metadata['pipeline']['inputShape'])."""
    with torch.no_grad():
        return model.module(torch.as_tensor(np.asarray(x, dtype=np.float32))).numpy()


def predict_raw(model, row):
    """A raw table row → the label and every class's probability, or the value (regression)."""
    return answer(model.metadata, predict(model, encode_row(model.metadata, row))[0])


if __name__ == "__main__":
    loaded = load(HERE)
    if len(sys.argv) != 2:
        sys.exit('Pass a raw row as JSON (python predict.py \'{"column": "cell"}\'), or call predict(model, x) on encoded inputs.')
    print(json.dumps(predict_raw(loaded, json.loads(sys.argv[1])), indent=2))
