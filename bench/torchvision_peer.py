"""The torchvision peer of bench/data_path.py: the same image folder through
RandomCrop(32, padding=4), RandomHorizontalFlip, ToTensor and Normalize
(mmcls's CIFAR mean and std over 255), in a DataLoader(batch_size=128,
shuffle=True, num_workers=2) as torchvision's tutorials and mmcls feed a
model. torchvision decodes with Pillow (ImageFolder's default loader).

    python bench/torchvision_peer.py FOLDER [EPOCHS]

Prints seconds and images per second of each epoch, the first left out as
warm-up, and then the mean."""
import sys
import time

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

folder = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
mean = [125.307 / 255, 122.961 / 255, 113.8575 / 255]
std = [51.5865 / 255, 50.847 / 255, 51.255 / 255]
pipeline = transforms.Compose([
    transforms.RandomCrop(32, padding=4),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize(mean, std),
])
dataset = datasets.ImageFolder(folder, transform=pipeline)
loader = DataLoader(dataset, batch_size=128, shuffle=True, num_workers=2)
timed = []
for epoch in range(1 + epochs):
    start = time.perf_counter()
    images = 0
    for batch, labels in loader:
        images += batch.shape[0]
    seconds = time.perf_counter() - start
    note = " (warm-up, not counted)" if epoch == 0 else ""
    print(f"epoch {epoch + 1}: {seconds:.3f} s, {images} images{note}")
    if epoch > 0:
        timed.append((seconds, images))
seconds = sum(s for s, _ in timed) / len(timed)
images = sum(n for _, n in timed) / len(timed)
print(f"torchvision: {seconds:.3f} s per epoch, {images / seconds:,.0f} images/s")
