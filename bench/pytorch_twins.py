"""The PyTorch twins of the engine bench's models (bench/bench.ts), trained the same way.

Same layers, sizes, padding and activations, batch sizes and sample counts; random data of the
same kind (pixels or features in [0, 1), token ids below the vocabulary); Adam at 1e-3; one
warm-up epoch, then two timed. Each batch's loss and accuracy are read back, as the studio reads
them. Prints one JSON line per model: {"model", "samplesPerSec", "threads", "torch"}.

Usage: python3 bench/pytorch_twins.py [--repeats N] [model ...]   (all five when none is named)
With --repeats, each model is trained N times from scratch and the median run is reported, with
every run's samples/s in "samplesPerSecRuns".
"""

import json
import sys
import time

import torch
from torch import nn

WARM_UP_EPOCHS = 1
TIMED_EPOCHS = 2
SEED = 1234
VOCABULARY = 100


class Mlp(nn.Module):
    """784 → Dense 256 relu → Dense 128 relu → 10 (softmax in the loss)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.layers(x)


class Cnn(nn.Module):
    """The CNN template: Conv2D 8 (3×3 same, relu) → MaxPool 2 → Conv2D 16 → MaxPool 2 → Flatten → Dense 64 relu → 10."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(7 * 7 * 16, 64), nn.ReLU(), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.layers(x)


class Lstm(nn.Module):
    """The LSTM template: Embedding 100×32 → LSTM 32 (last state) → 10."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, 32)
        self.lstm = nn.LSTM(32, 32, batch_first=True)
        self.head = nn.Linear(32, 10)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return self.head(h[-1])


class Transformer(nn.Module):
    """The Transformer template: Embedding 100×32 + learned positions → self-attention (2 heads of 16) → add, LayerNorm →
    Dense 64 relu → Dense 32 → add, LayerNorm → mean over steps → 7."""

    def __init__(self, steps=16, width=32):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, width)
        self.positions = nn.Parameter(torch.empty(steps, width).uniform_(-0.1, 0.1))
        self.attention = nn.MultiheadAttention(width, 2, batch_first=True)
        self.norm1 = nn.LayerNorm(width, eps=1e-3)
        self.feed_forward = nn.Sequential(nn.Linear(width, 64), nn.ReLU(), nn.Linear(64, width))
        self.norm2 = nn.LayerNorm(width, eps=1e-3)
        self.head = nn.Linear(width, 7)

    def forward(self, ids):
        x = self.embedding(ids) + self.positions
        x = self.norm1(x + self.attention(x, x, x, need_weights=False)[0])
        x = self.norm2(x + self.feed_forward(x))
        return self.head(x.mean(dim=1))


class TextCnn(nn.Module):
    """The Text CNN template: Embedding 100×32 → Conv1D 64 (3, same, relu) → max over the text → Dense 64 relu → 10."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, 32)
        self.conv = nn.Conv1d(32, 64, 3, padding=1)
        self.head = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, ids):
        x = torch.relu(self.conv(self.embedding(ids).transpose(1, 2)))
        return self.head(x.amax(dim=2))


# As bench/bench.ts's MODELS: samples, batch size, one example's shape, token ids or not, classes.
MODELS = {
    "mlp": (Mlp, 2048, 64, (784,), False, 10),
    "cnn": (Cnn, 512, 32, (1, 28, 28), False, 10),
    "lstm": (Lstm, 512, 32, (32,), True, 10),
    "transformer": (Transformer, 1024, 64, (16,), True, 7),
    "text-cnn": (TextCnn, 512, 32, (32,), True, 10),
}


def bench(name):
    make, samples, batch_size, shape, tokens, classes = MODELS[name]
    torch.manual_seed(SEED)
    model = make()
    x = torch.randint(0, VOCABULARY, (samples, *shape)) if tokens else torch.rand(samples, *shape)
    y = torch.randint(0, classes, (samples,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    epoch_ends = []
    for _ in range(WARM_UP_EPOCHS + TIMED_EPOCHS):
        order = torch.randperm(samples)
        for start in range(0, samples, batch_size):
            rows = order[start:start + batch_size]
            optimizer.zero_grad()
            logits = model(x[rows])
            loss = loss_fn(logits, y[rows])
            loss.backward()
            optimizer.step()
            loss.item()
            (logits.argmax(dim=1) == y[rows]).float().mean().item()
        epoch_ends.append(time.perf_counter())
    seconds = epoch_ends[-1] - epoch_ends[WARM_UP_EPOCHS - 1]
    return {"model": name, "samplesPerSec": round(TIMED_EPOCHS * samples / seconds), "threads": torch.get_num_threads(), "torch": torch.__version__}


def median_of(name, repeats):
    runs = [bench(name) for _ in range(repeats)]
    median = sorted(runs, key=lambda run: run["samplesPerSec"])[len(runs) // 2]
    return {**median, "samplesPerSecRuns": [run["samplesPerSec"] for run in runs]}


if __name__ == "__main__":
    args = sys.argv[1:]
    repeats = 1
    if args[:1] == ["--repeats"]:
        repeats, args = int(args[1]), args[2:]
    for name in args or MODELS:
        print(json.dumps(median_of(name, repeats)), flush=True)
