#!/usr/bin/env bash
# Pacer against PyTorch (and mmcls 0.25's own runner, where mmcls has the
# model) on a Fashion-MNIST config, side by side in one command on this
# machine: seconds per epoch, images per second and GFLOP/s against the
# OpenBLAS sgemm floor of the same products.
#
#   bash bench/vs-pytorch.sh [mlp|cnn|lenet5|resnet] [EPOCHS] [ROUNDS] [SAMPLES]
#                            (defaults: mlp, 3 epochs, 5 rounds, all 60,000 images)
#
#   model   Pacer config                                 PyTorch plain loop  mmcls runner  sgemm floor
#   mlp     configs/fashion_mnist/mlp.py                 yes                 -             -
#   cnn     configs/fashion_mnist/cnn.json               yes                 -             cnn
#   lenet5  configs/fashion_mnist/lenet5_mmcls.py        yes                 same config   lenet5
#   resnet  configs/fashion_mnist/resnet_cifar_small.py  yes                 same config   resnet18w4
#
# Each round runs Pacer (pacer-train-bench: train only, no EMA, no
# checkpoints, no validation), PyTorch (bench/pytorch_peer.py: the same
# network, batch size and optimizer in a DataLoader loop and in an indexed
# loop), mmcls (bench/mmcls_peer.py: mmcv's EpochBasedRunner on the same
# config file) for 1 + EPOCHS epochs each, all leaving the first epoch out
# as warm-up, and then the sgemm floor (bench/sgemm_floor.c: one epoch's
# cblas_sgemm calls alone, best of 1 after a warm-up epoch). Alternating
# the sides in rounds lets a busy spell on a shared machine hit all of
# them; the summary gives each side's best round (noise only adds time)
# and median round, with GFLOP/s = the floor's FLOP per epoch (forward and
# backward products) / the side's seconds. `uptime` is printed after each
# round. With SAMPLES, every side but the floor trains the first SAMPLES
# images an epoch and scales its time to the 60,000-image epoch, so that
# models whose epochs take minutes (resnet) can be timed in rounds; the
# floor always makes a whole epoch's products. PyTorch is installed from
# PyPI into .build/bench-venv on first use, and for lenet5 and resnet mmcls
# 0.25 with mmcv 1.7.2 (pure Python, no ops), OpenCV and torchvision
# (without its dependencies: it would replace torch), which mmcv's runner
# imports.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-mlp}
epochs=${2:-3}
rounds=${3:-5}
samples=${4:-60000}
mmcls=no
floor=
case $model in
  mlp) config=configs/fashion_mnist/mlp.py plugin=PacerMLP ;;
  cnn) config=configs/fashion_mnist/cnn.json plugin=PacerCNN floor=cnn ;;
  lenet5) config=configs/fashion_mnist/lenet5_mmcls.py plugin=PacerImageClassifier floor=lenet5 mmcls=yes ;;
  resnet) config=configs/fashion_mnist/resnet_cifar_small.py plugin=PacerImageClassifier floor=resnet18w4 mmcls=yes ;;
  *) echo "usage: bash bench/vs-pytorch.sh [mlp|cnn|lenet5|resnet] [EPOCHS] [ROUNDS] [SAMPLES]" >&2; exit 2 ;;
esac

bash .ci/install-deps
for product in pacer-train-bench "$plugin" PacerTextLogger; do
  swift build -c release --product "$product" >/dev/null
done
venv=.build/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import torch, numpy" 2>/dev/null || "$venv/bin/pip" install --quiet torch numpy
if [ "$mmcls" = yes ] && ! "$venv/bin/python" -c "import mmcls, mmcv.runner" 2>/dev/null; then
  "$venv/bin/pip" install --quiet mmcv==1.7.2 mmcls==0.25.0 opencv-python-headless \
    && "$venv/bin/pip" install --quiet --no-deps torchvision || true
  if ! "$venv/bin/python" -c "import mmcls, mmcv.runner" 2>/dev/null; then
    echo "vs-pytorch.sh: mmcls 0.25 with mmcv 1.7.2's runner did not install into $venv; skipping mmcls" >&2
    mmcls=no
  fi
fi
if [ -n "$floor" ]; then
  cc -O2 bench/sgemm_floor.c -lopenblas -o .build/sgemm_floor
fi

results=$(mktemp)
trap 'rm -f "$results" "$results.mmcls"' EXIT
for round in $(seq "$rounds"); do
  .build/release/pacer-train-bench "$config" "$epochs" "$samples" | tail -1 | sed "s/^/round $round: /" | tee -a "$results"
  "$venv/bin/python" bench/pytorch_peer.py "$model" "$epochs" "$samples" | sed "s/^/round $round: /" | tee -a "$results"
  if [ "$mmcls" = yes ]; then
    # mmcls logs to stderr; keep its last words should it fail, and go on with the other sides.
    if ! "$venv/bin/python" bench/mmcls_peer.py "$config" "$epochs" "$samples" 2>"$results.mmcls" | sed "s/^/round $round: /" | tee -a "$results"; then
      echo "round $round: mmcls_peer.py failed: $(tail -1 "$results.mmcls")" >&2
    fi
  fi
  if [ -n "$floor" ]; then
    OPENBLAS_NUM_THREADS=2 .build/sgemm_floor "$floor" 1 | sed "s/^/round $round: /" | tee -a "$results"
  fi
  echo "round $round: $(uptime)"
done
python3 - "$results" <<'PY'
import re, statistics, sys
runs, gflop = {}, None
for line in open(sys.argv[1]):
    match = re.match(r"round \d+: (.+?): ([\d.]+) s per epoch", line)
    if match:
        runs.setdefault(match[1], []).append(float(match[2]))
    flop = re.search(r"([\d.]+) GFLOP per epoch", line)
    if flop:
        gflop = float(flop[1])
pacer = runs.pop("pacer")
rate = lambda seconds: f", {gflop / seconds:.1f} GFLOP/s" if gflop else ""
if gflop:
    print(f"GFLOP/s: the sgemm floor's {gflop:.1f} GFLOP of products (forward and backward) per epoch / seconds")
for name, pick in (("best", min), ("median", statistics.median)):
    print(f"{name} round: pacer {pick(pacer):.3f} s per epoch ({60000 / pick(pacer):,.0f} images/s{rate(pick(pacer))})")
    for peer, seconds in runs.items():
        print(f"  {peer} {pick(seconds):.3f} s per epoch ({60000 / pick(seconds):,.0f} images/s{rate(pick(seconds))}); "
              f"pacer / it = {pick(pacer) / pick(seconds):.2f}")
PY
