"""The peer of Pacer's Fashion-MNIST MLP run in a plain PyTorch loop: the
same model (784-256-128-10, ReLU), data (Debian's dataset-fashion-mnist,
pixels / 255), batch size (128) and optimizer (SGD, lr 0.05, momentum 0.9,
weight decay 1e-4). Prints seconds per epoch, the first epoch excluded as
warm-up."""
import gzip
import sys
import time

import numpy as np
import torch
from torch import nn

ROOT = "/usr/share/datasets/fashion-mnist"


def read(name, offset):
    with gzip.open(f"{ROOT}/{name}", "rb") as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)


def main(epochs):
    torch.manual_seed(0)
    torch.set_num_threads(2)
    images = torch.from_numpy(read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255)
    labels = torch.from_numpy(read("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    times = []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(images))
        for first in range(0, len(images), 128):
            batch = order[first:first + 128]
            loss = loss_fn(model(images[batch]), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    per_epoch = sum(times[1:]) / epochs
    print(f"pytorch {torch.__version__}: {per_epoch:.3f} s per epoch, {len(images) / per_epoch:,.0f} images/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
