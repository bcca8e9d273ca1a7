#!/usr/bin/env bash
# Crash test on the real workload: trains the Fashion-MNIST MLP config
# (3 epochs, a checkpoint every 50 iterations), kills it with SIGKILL at N
# random moments (default 20), resumes each with --resume-from auto, and
# counts the resumed runs whose final checkpoint holds exactly (bit for bit)
# the tensors of the run never stopped.
#
#   bash Tests/Crash/random-kills.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=${1:-20}

bash .ci/install-deps
swift build -c release >/dev/null
pacer=.build/release/pacer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pacer" config configs/fashion_mnist/mlp.py --format json >"$work/base.json"
python3 - "$work/base.json" "$work/config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["runner"] = {"type": "EpochBasedRunner", "max_epochs": 3}
config["checkpoint_config"] = {"interval": 50, "by_epoch": False, "max_keep_ckpts": 3}
config["log_config"]["interval"] = 1000
json.dump(config, open(sys.argv[2], "w"))
PY

start=$(date +%s.%N)
"$pacer" train "$work/config.json" --work-dir "$work/reference" >/dev/null
duration=$(python3 -c "import time; print(time.time() - $start)")
final=$(cd "$work/reference" && ls iter_*.safetensors | sort -t_ -k2 -n | tail -1)
echo "uninterrupted run: ${duration%.*} s, final checkpoint $final"

matched=0
for trial in $(seq 1 "$trials"); do
  delay=$(python3 -c "import random; print(round(random.uniform(0.5, $duration - 0.5), 2))")
  run="$work/run$trial"
  "$pacer" train "$work/config.json" --work-dir "$run" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$pacer" train "$work/config.json" --work-dir "$run" --resume-from auto >"$run.log" 2>&1 || true
  from=$(grep -o 'resumed from [^:]*' "$run.log" || echo "started afresh")
  if python3 - "$work/reference/$final" "$run/$final" <<'PY'
import sys, numpy as np
from safetensors.numpy import load_file
expected, actual = load_file(sys.argv[1]), load_file(sys.argv[2])
sys.exit(0 if expected.keys() == actual.keys() and all(np.array_equal(expected[k], actual[k]) for k in expected) else 1)
PY
  then
    matched=$((matched + 1)); verdict=match
  else
    verdict=DIFFERS
  fi
  echo "trial $trial: killed after ${delay}s, ${from#resumed from }: $verdict"
done
echo "$matched of $trials resumed runs matched the uninterrupted run"
[ "$matched" -eq "$trials" ]
