"""Writes the PyTorch fixtures of PyTorchWeightsTests: mmcls 0.x's LeNet5 and a
ResNet_CIFAR (depth 18, in_channels 1, stem_channels 4, base_channels 4) as plain
PyTorch modules with mmcls's module names, so their state_dict keys are mmcls's.

    python Tests/PacerEndToEndTests/Fixtures/pytorch-export/export.py

For each model NAME it writes, beside this script:
  NAME.safetensors           the state_dict as PyTorch saves it (num_batches_tracked included)
  NAME-expected.safetensors  "img" [8, 1, 32, 32]: the first 8 Fashion-MNIST test images
                             (Debian's dataset-fashion-mnist, pixels / 255) zero-padded to 32x32;
                             "log_probs" [8, 10]: the model's log_softmax on them in eval mode.

The ResNet's BatchNorm layers get random weights and running statistics from a
few training-mode passes, so eval mode has something to get wrong. Needs torch,
numpy and safetensors (pip)."""
import gzip
import os

import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = "/usr/share/datasets/fashion-mnist"


class LeNet5(nn.Module):
    """mmcls/models/backbones/lenet.py"""

    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, stride=1), nn.Tanh(), nn.AvgPool2d(kernel_size=2),
            nn.Conv2d(6, 16, kernel_size=5, stride=1), nn.Tanh(), nn.AvgPool2d(kernel_size=2),
            nn.Conv2d(16, 120, kernel_size=5, stride=1), nn.Tanh())
        self.classifier = nn.Sequential(nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, num_classes))

    def forward(self, x):
        return self.classifier(self.features(x).squeeze())


class BasicBlock(nn.Module):
    """mmcls/models/backbones/resnet.py BasicBlock with its norm names bn1, bn2."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class ResNetCIFAR(nn.Module):
    """mmcls/models/backbones/resnet_cifar.py, depth 18: a 3x3 stem, no max pooling."""

    def __init__(self, in_channels, stem_channels, base_channels):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, stem_channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(stem_channels)
        self.relu = nn.ReLU()
        cin, cout = stem_channels, base_channels
        for stage, stride in enumerate((1, 2, 2, 2)):
            blocks = [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            self.add_module(f"layer{stage + 1}", nn.Sequential(*blocks))
            cin, cout = cout, cout * 2
        self.out_channels = cin

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        for stage in range(4):
            x = getattr(self, f"layer{stage + 1}")(x)
        return x


class Head(nn.Module):
    """LinearClsHead's parameters: fc."""

    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.fc = nn.Linear(in_channels, num_classes)


class ImageClassifier(nn.Module):
    """mmcls/models/classifiers/image.py: backbone, optional GlobalAveragePooling, head."""

    def __init__(self, backbone, head=None, gap=False):
        super().__init__()
        self.backbone = backbone
        self.gap = gap
        if head is not None:
            self.head = head

    def forward(self, x):
        x = self.backbone(x)
        if self.gap:
            x = x.mean(dim=(2, 3))
        if hasattr(self, "head"):
            x = self.head.fc(x)
        return x


def padded_test_images(count):
    with gzip.open(f"{ROOT}/t10k-images-idx3-ubyte.gz") as f:
        pixels = np.frombuffer(f.read(), dtype=np.uint8, offset=16)[: count * 784].reshape(count, 1, 28, 28)
    images = np.zeros((count, 1, 32, 32), dtype=np.float32)
    images[:, :, 2:30, 2:30] = pixels.astype(np.float32) / np.float32(255)
    return torch.from_numpy(images)


def export(name, model):
    images = padded_test_images(8)
    model.eval()
    with torch.no_grad():
        log_probs = torch.log_softmax(model(images), dim=1)
    state = {key: value.contiguous() for key, value in model.state_dict().items()}
    save_file(state, os.path.join(HERE, f"{name}.safetensors"))
    save_file({"img": images, "log_probs": log_probs.contiguous()}, os.path.join(HERE, f"{name}-expected.safetensors"))
    print(name, sum(v.numel() for v in state.values()), "values")


def main():
    torch.manual_seed(0)
    export("lenet5", ImageClassifier(LeNet5(10)))

    backbone = ResNetCIFAR(1, 4, 4)
    resnet = ImageClassifier(backbone, Head(backbone.out_channels, 10), gap=True)
    for module in resnet.modules():
        if isinstance(module, nn.BatchNorm2d):
            nn.init.uniform_(module.weight, 0.5, 1.5)
            nn.init.uniform_(module.bias, -0.2, 0.2)
    resnet.train()
    with torch.no_grad():
        for _ in range(3):
            resnet(torch.rand(16, 1, 32, 32))
    export("resnet_cifar", resnet)


if __name__ == "__main__":
    main()
