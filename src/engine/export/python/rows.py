"""A raw table row encoded as the studio encodes it, and a model's scores read back as its answer,
from metadata.json's pipeline: shared by the predict.py of the Keras / Python and PyTorch exports."""
import math

import numpy as np


def encode_row(metadata, row):
    """A raw table row (column → cell text) encoded as the studio encodes it (src/data/preprocess.ts)."""
    encoded = []
    for f in metadata["pipeline"]["features"]:
        cell = str(row.get(f["name"], "") or "").strip()
        if f["kind"] == "numeric":
            x = f["fill"] if cell == "" else float(cell)
            encoded.append(((math.log1p(x) if f["log1p"] else x) - f["shift"]) / f["divisor"])
        elif f["kind"] in ("oneHot", "ordinal"):
            value = f["fill"] if cell == "" else cell
            slot = f["categories"].index(value) if value in f["categories"] else -1
            if f["kind"] == "ordinal":
                encoded.append(max(0, slot))
            else:
                encoded.extend(1.0 if i == slot else 0.0 for i in range(len(f["categories"])))
        else:
            raise NotImplementedError(f"predict_raw takes table rows; encode {f['kind']} inputs yourself and call predict")
    return np.asarray([encoded], dtype=np.float32)


def answer(metadata, scores):
    """One example's scores → the label and every class's probability, or the value (regression)."""
    target = metadata["pipeline"]["target"]
    if target["task"] == "regression":
        scale = target.get("scale") or {"mean": 0, "std": 1}
        return {"value": float(scores[0] * scale["std"] + scale["mean"])}
    labels = target["labels"]
    probabilities = [1 - float(scores[0]), float(scores[0])] if target["task"] == "binary" else [float(p) for p in scores]
    return {"label": labels[int(np.argmax(probabilities))], "probabilities": dict(zip(labels, probabilities))}
