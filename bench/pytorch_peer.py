"""The PyTorch peer of Pacer's shipped Fashion-MNIST configs: the same model,
data (Debian's dataset-fashion-mnist, pixels / 255 or the config's Normalize), batch size (128) and
optimizer (SGD with momentum 0.9, lr 0.05, the config's weight decay), on
two threads, in two plain loops:

- "DataLoader loop": batches from torch.utils.data.DataLoader over a
  TensorDataset with shuffle=True, as PyTorch's tutorials and MMCV's runner
  feed a model;
- "indexed loop": batches cut from the tensors by a randperm, the fastest
  way PyTorch has to feed these models.

    python bench/pytorch_peer.py {mlp,cnn,lenet5,resnet} [EPOCHS] [SAMPLES]

lenet5 is mmcls 0.x's LeNet5 (Tanh, average pooling) on the images resized
to 32x32 (bilinear) and normalized as configs/fashion_mnist/lenet5_mmcls.py
does, with its optimizer (lr 0.01, weight decay 1e-4). resnet is mmcls's
ResNet_CIFAR depth 18 with stem and base channels 16 (BasicBlocks without
bias, BatchNorm, 1x1 stride-2 downsamples), global average pooling and a
Linear 128-10, on the 28x28 images normalized as
configs/fashion_mnist/resnet_cifar_small.py does, with its optimizer (lr 0.1,
weight decay 5e-4); the plain loops leave out that config's RandomFlip.

Prints seconds per epoch for each loop, the first epoch left out as
warm-up. With SAMPLES, each epoch trains the first SAMPLES training images
and its time is scaled to the full 60,000, as pacer-train-bench does with
the same argument."""
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
    """mmcls/models/backbones/lenet.py with num_classes=10 (configs/fashion_mnist/lenet5_mmcls.py)."""

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
    """configs/fashion_mnist/lenet5_mmcls.py: ImageClassifier(LeNet5, ClsHead) on 32x32."""
    return LeNet5(), 1e-4


class BasicBlock(nn.Module):
    """mmcls/models/backbones/resnet.py's BasicBlock (style 'pytorch')."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                                            nn.BatchNorm2d(out_channels))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(out)) + identity)


def resnet():
    """configs/fashion_mnist/resnet_cifar_small.py: ResNet_CIFAR depth 18, widths 16-128,
    GlobalAveragePooling, LinearClsHead 128-10."""
    layers = [nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    in_channels = 16
    for stage, width in enumerate((16, 32, 64, 128)):
        for block in range(2):
            layers.append(BasicBlock(in_channels, width, 2 if stage > 0 and block == 0 else 1))
            in_channels = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10)]
    return nn.Sequential(*layers), 5e-4


# Input side, learning rate and pixel normalization (mean, std of 0-255 pixels) per model.
SIDE = {"mlp": 28, "cnn": 28, "lenet5": 32, "resnet": 28}
LR = {"mlp": 0.05, "cnn": 0.05, "lenet5": 0.01, "resnet": 0.1}
NORMALIZE = {"mlp": (0, 255), "cnn": (0, 255), "lenet5": (33.46, 78.87), "resnet": (72.94, 90.02)}
MODELS = {"mlp": mlp, "cnn": cnn, "lenet5": lenet5, "resnet": resnet}


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


def main(model, epochs, samples):
    build = MODELS[model]
    torch.set_num_threads(2)
    images = torch.from_numpy(read("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32))
    if SIDE[model] != 28:
        images = nn.functional.interpolate(images, size=SIDE[model], mode="bilinear", align_corners=False)
    mean, std = NORMALIZE[model]
    images = (images - mean) / std
    labels = torch.from_numpy(read("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    full = len(images)
    images, labels = images[:samples], labels[:samples]
    scaled = f" ({len(images)} images timed, scaled to {full})" if len(images) < full else ""
    loader = DataLoader(TensorDataset(images, labels), batch_size=BATCH, shuffle=True)
    for name, batches in (("DataLoader loop", lambda: loader), ("indexed loop", lambda: indexed(images, labels))):
        per_epoch = seconds_per_epoch(build, batches, epochs, LR[model])
        print(f"pytorch {torch.__version__} {name}: {per_epoch * full / len(images):.3f} s per epoch{scaled}, "
              f"{len(images) / per_epoch:,.0f} images/s", flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3, 4) or sys.argv[1] not in MODELS:
        sys.exit("usage: pytorch_peer.py {mlp,cnn,lenet5,resnet} [EPOCHS] [SAMPLES]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) >= 3 else 3, int(sys.argv[3]) if len(sys.argv) == 4 else 60000)
