"""Writes the PyTorch fixtures of PyTorchWeightsTests: mmcls 0.x's LeNet5, a
ResNet_CIFAR (depth 18, in_channels 1, stem_channels 4, base_channels 4) and a
MobileNetV2 (widen_factor 0.1, a one-channel conv1) as plain PyTorch modules
with mmcls's module names, so their state_dict keys are mmcls's.

    python Tests/PacerEndToEndTests/Fixtures/pytorch-export/export.py [NAME ...]

writes every model, or only those NAMEd (lenet5, resnet_cifar, mobilenet_v2).

For each model NAME it writes, beside this script:
  NAME.safetensors           the state_dict as PyTorch saves it (num_batches_tracked included)
  NAME-expected.safetensors  "img" [8, 1, 32, 32]: the first 8 Fashion-MNIST test images
                             (Debian's dataset-fashion-mnist, pixels / 255) zero-padded to 32x32;
                             "log_probs" [8, 10]: the model's log_softmax on them in eval mode.

The ResNet's and the MobileNetV2's BatchNorm layers get random weights and running statistics from a
few training-mode passes, so eval mode has something to get wrong. Needs torch,
numpy and safetensors (pip)."""
import gzip
import os
import sys

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


class ConvModule(nn.Module):
    """mmcv's ConvModule with norm_cfg BN: conv (no bias), bn, then ReLU6 unless act is False."""

    def __init__(self, cin, cout, kernel, stride=1, groups=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.activate = nn.ReLU6() if act else None

    def forward(self, x):
        x = self.bn(self.conv(x))
        return x if self.activate is None else self.activate(x)


class InvertedResidual(nn.Module):
    """mmcls/models/backbones/mobilenet_v2.py InvertedResidual."""

    def __init__(self, cin, cout, stride, expand_ratio):
        super().__init__()
        hidden = int(round(cin * expand_ratio))
        self.use_res_connect = stride == 1 and cin == cout
        layers = [ConvModule(cin, hidden, 1)] if expand_ratio != 1 else []
        layers += [ConvModule(hidden, hidden, 3, stride, groups=hidden), ConvModule(hidden, cout, 1, act=False)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


def make_divisible(value, divisor, min_ratio=0.9):
    """mmcls/models/utils/make_divisible.py"""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < min_ratio * value else rounded


class MobileNetV2(nn.Module):
    """mmcls/models/backbones/mobilenet_v2.py, out_indices (7,); conv1 takes in_channels (mmcls: 3)."""

    arch_settings = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2],
                     [6, 320, 1, 1]]

    def __init__(self, widen_factor, in_channels):
        super().__init__()
        cin = make_divisible(32 * widen_factor, 8)
        self.conv1 = ConvModule(in_channels, cin, 3, stride=2)
        for i, (expand_ratio, channel, num_blocks, stride) in enumerate(self.arch_settings):
            cout = make_divisible(channel * widen_factor, 8)
            blocks = []
            for b in range(num_blocks):
                blocks.append(InvertedResidual(cin, cout, stride if b == 0 else 1, expand_ratio))
                cin = cout
            self.add_module(f"layer{i + 1}", nn.Sequential(*blocks))
        self.out_channels = int(1280 * widen_factor) if widen_factor > 1.0 else 1280
        self.conv2 = ConvModule(cin, self.out_channels, 1)

    def forward(self, x):
        x = self.conv1(x)
        for i in range(len(self.arch_settings)):
            x = getattr(self, f"layer{i + 1}")(x)
        return self.conv2(x)


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


def with_trained_batchnorm(model, batch, passes=3, momentum=0.1):
    """Random BatchNorm weights, and running statistics from `passes` training-mode passes
    over batch() (momentum None: their plain average)."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            nn.init.uniform_(module.weight, 0.5, 1.5)
            nn.init.uniform_(module.bias, -0.2, 0.2)
            module.momentum = momentum
    model.train()
    with torch.no_grad():
        for _ in range(passes):
            model(batch())
    return model


def main(names):
    torch.manual_seed(0)
    lenet5 = ImageClassifier(LeNet5(10))
    backbone = ResNetCIFAR(1, 4, 4)
    resnet = ImageClassifier(backbone, Head(backbone.out_channels, 10), gap=True)
    if "lenet5" in names:
        export("lenet5", lenet5)
    if "resnet_cifar" in names:
        export("resnet_cifar", with_trained_batchnorm(resnet, lambda: torch.rand(16, 1, 32, 32)))
    if "mobilenet_v2" in names:
        torch.manual_seed(1)
        backbone = MobileNetV2(0.1, 1)
        mobilenet = ImageClassifier(backbone, Head(backbone.out_channels, 10), gap=True)
        # Statistics of real images (the 64 after the 8 compared), or a network this deep
        # gives every image the same scores in eval mode.
        images = padded_test_images(72)[8:]
        batches = iter(images.split(16))
        export("mobilenet_v2", with_trained_batchnorm(mobilenet, lambda: next(batches), passes=4, momentum=None))


if __name__ == "__main__":
    main(sys.argv[1:] or ["lenet5", "resnet_cifar", "mobilenet_v2"])
