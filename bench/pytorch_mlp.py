"""The peer of Pacer's Fashion-MNIST MLP run in PyTorch: the same model
(784-256-128-10, ReLU), data (Debian's dataset-fashion-mnist, pixels / 255),
batch size (128) and optimizer (SGD, lr 0.05, momentum 0.9, weight decay
1e-4), on two threads, in two plain loops:

- "DataLoader loop": batches from torch.utils.data.DataLoader over a
  TensorDataset with shuffle=True, as PyTorch's tutorials and MMCV's runner
  feed a model;
- "indexed loop": batches cut from the tensors by a randperm, the fastest
  way PyTorch has to feed this model.

Prints seconds per epoch for each, the first epoch left out as warm-up."""
import gzip
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

ROOT = "/usr/share/datasets/fashion-mnist"
BATCH = 128


def read(name, offset):
    with gzip.open(f"{ROOT}/{name}", "rb") as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)


def indexed(images, labels):
    order = torch.randperm(len(images))
    for first in range(0, len(images), BATCH):
        batch = order[first:first + BATCH]
        yield images[batch], labels[batch]


def seconds_per_epoch(batches, epochs):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    times = []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        for x, y in batches():
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    return sum(times[1:]) / epochs


def main(epochs):
    torch.set_num_threads(2)
    images = torch.from_numpy(read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
    labels = torch.from_numpy(read("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    loader = DataLoader(TensorDataset(images, labels), batch_size=BATCH, shuffle=True)
    for name, batches in (("DataLoader loop", lambda: loader), ("indexed loop", lambda: indexed(images, labels))):
        per_epoch = seconds_per_epoch(batches, epochs)
        print(f"pytorch {torch.__version__} {name}: {per_epoch:.3f} s per epoch, "
              f"{len(images) / per_epoch:,.0f} images/s", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
