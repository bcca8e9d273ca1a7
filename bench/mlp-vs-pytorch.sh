#!/usr/bin/env bash
# Pacer against PyTorch on the Fashion-MNIST MLP, side by side in one
# command on this machine: seconds per epoch and images per second.
#
#   bash bench/mlp-vs-pytorch.sh [EPOCHS]     (default 3)
#
# Pacer runs the shipped MLP config in a release build, train-only, without
# the EMA hook and checkpoints (a plain loop has neither); its time per
# epoch is the difference between a (1 + EPOCHS)-epoch run and a 1-epoch run
# divided by EPOCHS, which removes start-up, data loading and the first
# epoch's warm-up. PyTorch is installed from PyPI into .build/bench-venv on
# first use and runs bench/pytorch_mlp.py.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}

bash .ci/install-deps
swift build -c release >/dev/null
venv=.build/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import torch, numpy" 2>/dev/null || "$venv/bin/pip" install --quiet torch numpy

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/pacer config configs/fashion_mnist/mlp.py --format json >"$work/base.json" 2>/dev/null ||
  cp configs/fashion_mnist/mlp.json "$work/base.json"
seconds() {
  python3 - "$work/base.json" "$work/bench.json" "$1" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config.update(workflow=[["train", 1]], custom_hooks=[], checkpoint_config=None,
              runner={"type": "EpochBasedRunner", "max_epochs": int(sys.argv[3])})
config["data"].pop("val", None)
json.dump(config, open(sys.argv[2], "w"))
PY
  local start end
  start=$(date +%s.%N)
  .build/release/pacer train "$work/bench.json" --work-dir "$work/run" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
one=$(seconds 1)
many=$(seconds $((epochs + 1)))
python3 -c "
per_epoch = ($many - $one) / $epochs
print(f'pacer: {per_epoch:.3f} s per epoch, {60000 / per_epoch:,.0f} images/s')"
"$venv/bin/python" bench/pytorch_mlp.py "$epochs"
