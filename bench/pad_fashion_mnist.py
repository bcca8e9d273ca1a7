"""Writes Fashion-MNIST (Debian's dataset-fashion-mnist) zero-padded from 28x28 to
32x32, the size mmcls's LeNet5 takes, as NumPy files for Pacer's NumpyDataset:

    python3 bench/pad_fashion_mnist.py [OUT_DIR]      (default .build/bench-data/fashion-mnist-32)

OUT_DIR/{train,test}-img.npy (uint8, N x 32 x 32) and {train,test}-label.npy (int64).
mmcls's lenet5 config resizes to 32 instead; padding keeps every pixel, and Pacer's
transform pipeline has no Resize yet."""
import gzip
import os
import sys

import numpy as np

ROOT = "/usr/share/datasets/fashion-mnist"


def read(name, offset):
    with gzip.open(f"{ROOT}/{name}", "rb") as file:
        return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)


def main(out):
    os.makedirs(out, exist_ok=True)
    for split, prefix in (("train", "train"), ("test", "t10k")):
        pixels = read(f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
        padded = np.zeros((len(pixels), 32, 32), dtype=np.uint8)
        padded[:, 2:30, 2:30] = pixels
        np.save(os.path.join(out, f"{split}-img.npy"), padded)
        np.save(os.path.join(out, f"{split}-label.npy"), read(f"{prefix}-labels-idx1-ubyte.gz", 8).astype(np.int64))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".build/bench-data/fashion-mnist-32")
