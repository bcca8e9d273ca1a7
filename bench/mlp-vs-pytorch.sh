#!/usr/bin/env bash
# Pacer against PyTorch on the Fashion-MNIST MLP, side by side in one
# command on this machine: seconds per epoch and images per second.
#
#   bash bench/mlp-vs-pytorch.sh [EPOCHS] [ROUNDS]     (defaults: 3 epochs, 5 rounds)
#
# Each round runs Pacer (pacer-train-bench on the shipped MLP config, train
# only: no EMA, no checkpoints, no validation) and then PyTorch
# (bench/pytorch_mlp.py: the same model, data, batch size and optimizer in a
# plain loop) for 1 + EPOCHS epochs each; both leave the first epoch out as
# warm-up. Alternating the two in rounds lets a busy spell on a shared
# machine hit both; the summary gives each side's best round (noise only
# adds time) and median round. PyTorch is installed from PyPI into
# .build/bench-venv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
rounds=${2:-5}

bash .ci/install-deps
swift build -c release --product pacer-train-bench >/dev/null
venv=.build/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import torch, numpy" 2>/dev/null || "$venv/bin/pip" install --quiet torch numpy

pacer=() torch=()
for round in $(seq "$rounds"); do
  pacer+=("$(.build/release/pacer-train-bench configs/fashion_mnist/mlp.py "$epochs" | tail -1)")
  torch+=("$("$venv/bin/python" bench/pytorch_mlp.py "$epochs")")
  echo "round $round: ${pacer[-1]}"
  echo "round $round: ${torch[-1]}"
done
python3 - "${pacer[@]}" -- "${torch[@]}" <<'PY'
import statistics, sys
split = sys.argv.index("--")
def seconds(lines):
    return [float(line.split(": ")[1].split()[0]) for line in lines]
pacer, torch = seconds(sys.argv[1:split]), seconds(sys.argv[split + 1:])
for name, pick in (("best", min), ("median", statistics.median)):
    p, t = pick(pacer), pick(torch)
    print(f"{name} round: pacer {p:.3f} s per epoch ({60000 / p:,.0f} images/s), "
          f"pytorch {t:.3f} s per epoch ({60000 / t:,.0f} images/s); pacer/pytorch = {p / t:.2f}")
PY
