"""The PyTorch peer of Pacer's shipped Fashion-MNIST configs: the same model,
data (Debian's dataset-fashion-mnist, pixels / 255), batch size (128) and
optimizer (SGD with momentum 0.9, lr 0.05, the config's weight decay), on
two threads, in two plain loops:

- "DataLoader loop": batches from torch.utils.data.DataLoader over a
  TensorDataset with shuffle=True, as PyTorch's tutorials and MMCV's runner
  feed a model;
- "indexed loop": batches cut from the tensors by a randperm, the fastest
  way PyTorch has to feed these models.

    python bench/pytorch_peer.py {mlp,cnn,lenet5} [EPOCHS]

lenet5 is mmcls 0.x's LeNet5 (Tanh, average pooling) on the images zero-padded to
32x32, with bench/configs/lenet5_fashion_mnist32.py's optimizer (lr 0.01).

Prints seconds per epoch for each loop, the first epoch left out as
warm-up."""
import gzip
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

ROOT = "/usr/share/datasets/fashion-mnist"
BATCH = 128


def mlp():
    """configs/fashion_mnist/mlp.py: MLPClassifier 784-256-128-10."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10)), 1e-4


def cnn():
    """configs/fashion_mnist/cnn.json: CNNClassifier, channels [32, 64], hidden [128]."""
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10)), 5e-4


class LeNet5(nn.Module):
    """mmcls/models/backbones/lenet.py with num_classes=10 (bench/configs/lenet5_fashion_mnist32.py)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5), nn.Tanh(), nn.AvgPool2d(kernel_size=2),
            nn.Conv2d(6, 16, kernel_size=5), nn.Tanh(), nn.AvgPool2d(kernel_size=2),
            nn.Conv2d(16, 120, kernel_size=5), nn.Tanh())
        self.classifier = nn.Sequential(nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


def lenet5():
    """bench/configs/lenet5_fashion_mnist32.py: ImageClassifier(LeNet5, ClsHead) on 32x32."""
    return LeNet5(), 1e-4


# Input side and learning rate per model.
SIDE = {"mlp": 28, "cnn": 28, "lenet5": 32}
LR = {"mlp": 0.05, "cnn": 0.05, "lenet5": 0.01}


def read(name, offset):
    with gzip.open(f"{ROOT}/{name}", "rb") as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)


def indexed(images, labels):
    order = torch.randperm(len(images))
    for first in range(0, len(images), BATCH):
        batch = order[first:first + BATCH]
        yield images[batch], labels[batch]


def seconds_per_epoch(build, batches, epochs, lr):
    torch.manual_seed(0)
    model, weight_decay = build()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=weight_decay)
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


def main(model, epochs):
    build = {"mlp": mlp, "cnn": cnn, "lenet5": lenet5}[model]
    torch.set_num_threads(2)
    images = torch.from_numpy(read("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255)
    if SIDE[model] == 32:
        images = nn.functional.pad(images, (2, 2, 2, 2))
    labels = torch.from_numpy(read("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    loader = DataLoader(TensorDataset(images, labels), batch_size=BATCH, shuffle=True)
    for name, batches in (("DataLoader loop", lambda: loader), ("indexed loop", lambda: indexed(images, labels))):
        per_epoch = seconds_per_epoch(build, batches, epochs, LR[model])
        print(f"pytorch {torch.__version__} {name}: {per_epoch:.3f} s per epoch, "
              f"{len(images) / per_epoch:,.0f} images/s", flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in ("mlp", "cnn", "lenet5"):
        sys.exit("usage: pytorch_peer.py {mlp,cnn,lenet5} [EPOCHS]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 3)
