#!/usr/bin/env bash
# Pacer against PyTorch on a shipped Fashion-MNIST config, side by side in
# one command on this machine: seconds per epoch and images per second.
#
#   bash bench/vs-pytorch.sh [mlp|cnn|lenet5] [EPOCHS] [ROUNDS]     (defaults: mlp, 3 epochs, 5 rounds)
#
# Each round runs Pacer (pacer-train-bench on configs/fashion_mnist/mlp.py,
# cnn.json or bench/configs/lenet5_fashion_mnist32.py, train only: no EMA, no checkpoints, no validation) and then
# PyTorch (bench/pytorch_peer.py: the same model, data, batch size and
# optimizer in a DataLoader loop and in an indexed loop) for 1 + EPOCHS
# epochs each; all leave the first epoch out as warm-up. Alternating the
# sides in rounds lets a busy spell on a shared machine hit all of them;
# the summary gives each side's best round (noise only adds time) and
# median round. PyTorch is installed from PyPI into .build/bench-venv on
# first use.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-mlp}
epochs=${2:-3}
rounds=${3:-5}
case $model in
  mlp) config=configs/fashion_mnist/mlp.py ;;
  cnn) config=configs/fashion_mnist/cnn.json ;;
  lenet5) config=bench/configs/lenet5_fashion_mnist32.py ;;
  *) echo "usage: bash bench/vs-pytorch.sh [mlp|cnn|lenet5] [EPOCHS] [ROUNDS]" >&2; exit 2 ;;
esac

bash .ci/install-deps
swift build -c release --product pacer-train-bench >/dev/null
[ "$model" != lenet5 ] || { swift build -c release --product PacerImageClassifier >/dev/null
                           python3 bench/pad_fashion_mnist.py .build/bench-data/fashion-mnist-32; }
venv=.build/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import torch, numpy" 2>/dev/null || "$venv/bin/pip" install --quiet torch numpy

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
  .build/release/pacer-train-bench "$config" "$epochs" | tail -1 | sed "s/^/round $round: /" | tee -a "$results"
  "$venv/bin/python" bench/pytorch_peer.py "$model" "$epochs" | sed "s/^/round $round: /" | tee -a "$results"
done
python3 - "$results" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    match = re.match(r"round \d+: (pacer|pytorch \S+ (?:DataLoader|indexed) loop): ([\d.]+) s per epoch", line)
    runs.setdefault(match[1], []).append(float(match[2]))
pacer = runs.pop("pacer")
for name, pick in (("best", min), ("median", statistics.median)):
    print(f"{name} round: pacer {pick(pacer):.3f} s per epoch ({60000 / pick(pacer):,.0f} images/s)")
    for peer, seconds in runs.items():
        print(f"  {peer} {pick(seconds):.3f} s per epoch ({60000 / pick(seconds):,.0f} images/s); "
              f"pacer / it = {pick(pacer) / pick(seconds):.2f}")
PY
