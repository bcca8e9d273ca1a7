#!/usr/bin/env bash
# Pacer's data path against torchvision's, side by side in one command on
# this machine: images per second through the same training pipeline over
# the same PNG folder.
#
#   bash bench/data-path.sh [EPOCHS] [ROUNDS] [IMAGES]     (defaults: 2 epochs, 3 rounds, 20000 images)
#
# The folder (.build/bench-png-folder: IMAGES 32x32 RGB PNG files in 10
# class folders, made from Fashion-MNIST by bench/write_png_folder.py) is
# written once. Each round runs Pacer (pacer-data-bench over
# bench/data_path.py: CustomDataset, LoadImageFromFile, RandomCrop(size=32,
# padding=4), RandomFlip, Normalize, batches of 128 on 2 workers) and then
# torchvision (bench/torchvision_peer.py: ImageFolder, the same transforms,
# DataLoader(batch_size=128, shuffle=True, num_workers=2)) for 1 + EPOCHS
# epochs each, the first left out as warm-up; the summary gives each side's
# best and median round. PyTorch and torchvision are installed from PyPI
# into .build/bench-venv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-2}
rounds=${2:-3}
count=${3:-20000}
folder=.build/bench-png-folder-$count

bash .ci/install-deps
swift build -c release --product pacer-data-bench >/dev/null
venv=.build/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import torch, torchvision" 2>/dev/null || "$venv/bin/pip" install --quiet torch torchvision
python3 bench/write_png_folder.py "$folder" "$count"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
  .build/release/pacer-data-bench bench/data_path.py "$folder" "$epochs" | sed "s/^/round $round: /" | tee -a "$results"
  "$venv/bin/python" bench/torchvision_peer.py "$folder" "$epochs" | sed "s/^/round $round: /" | tee -a "$results"
done
python3 - "$results" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    match = re.match(r"round \d+: (pacer|torchvision): [\d.]+ s per epoch, ([\d,]+) images/s", line)
    if match:
        runs.setdefault(match[1], []).append(float(match[2].replace(",", "")))
for name, pick in (("best", max), ("median", statistics.median)):
    pacer, torchvision = pick(runs["pacer"]), pick(runs["torchvision"])
    print(f"{name} round: pacer {pacer:,.0f} images/s, torchvision {torchvision:,.0f} images/s; "
          f"pacer / torchvision = {pacer / torchvision:.2f}")
PY
