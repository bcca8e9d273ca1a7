"""Writes the data-path benchmark's image folder: 32x32 RGB PNG files in
one sub-folder per class, CustomDataset's (and torchvision ImageFolder's)
layout, made from Debian's Fashion-MNIST training images as the CIFAR
tests make their records: the red, green and blue planes of image i are
Fashion-MNIST images 3i, 3i+1 and 3i+2 with a 2-pixel black border, and
its class is the first one's.

    python3 bench/write_png_folder.py FOLDER [COUNT]     (COUNT defaults to 20000, at most 20000)

Does nothing when FOLDER already holds COUNT images."""
import gzip
import os
import sys

import numpy as np
from PIL import Image

ROOT = "/usr/share/datasets/fashion-mnist"
CLASSES = ["0_T-shirt", "1_Trouser", "2_Pullover", "3_Dress", "4_Coat", "5_Sandal", "6_Shirt", "7_Sneaker",
           "8_Bag", "9_Ankle_boot"]

folder = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
existing = sum(len(files) for _, _, files in os.walk(folder)) if os.path.isdir(folder) else 0
if existing == count:
    sys.exit(0)
images = np.frombuffer(gzip.open(f"{ROOT}/train-images-idx3-ubyte.gz").read(), np.uint8, offset=16)
labels = np.frombuffer(gzip.open(f"{ROOT}/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8)
images = np.pad(images.reshape(-1, 28, 28), ((0, 0), (2, 2), (2, 2)))
assert count <= len(images) // 3, f"at most {len(images) // 3} images"
for name in CLASSES:
    os.makedirs(f"{folder}/{name}", exist_ok=True)
for i in range(count):
    rgb = np.stack(images[3 * i:3 * i + 3], -1)
    Image.fromarray(rgb, "RGB").save(f"{folder}/{CLASSES[labels[3 * i]]}/{i:05d}.png")
