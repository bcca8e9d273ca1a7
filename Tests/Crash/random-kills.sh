#!/usr/bin/env bash
# Crash test on the real workload: trains the Fashion-MNIST MLP config
# (3 epochs, a checkpoint every 50 iterations, 3 kept), kills it with SIGKILL
# at N random moments (default 20) and then at four aimed ones (inside the
# final checkpoint's write, after its rename before `latest` moves, just
# before `latest` moves, while pruning for it), resumes each with
# --resume-from auto, and counts the resumed runs whose work dir keeps the
# invariants (`latest` names the newest checkpoint, at most 3 kept, no
# temporary file) and whose final checkpoint holds exactly (bit for bit) the
# tensors of the run never stopped.
#
# With `pipeline`, the train split goes through random transforms
# (RandomCrop with padding=4, RandomFlip, Normalize) gathered by 2 workers,
# whose draws a resumed run must repeat exactly.
#
#   bash Tests/Crash/random-kills.sh [N] [pipeline]
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=${1:-20}
workload=${2:-plain}

bash .ci/install-deps
swift build -c release >/dev/null
pacer=.build/release/pacer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pacer" config configs/fashion_mnist/mlp.py --format json >"$work/base.json"
python3 - "$work/base.json" "$work/config.json" "$workload" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
if sys.argv[3] == "pipeline":
    config["data"]["workers_per_gpu"] = 2
    config["data"]["train"]["pipeline"] = [
        {"type": "RandomCrop", "size": 28, "padding": 4},
        {"type": "RandomFlip", "flip_prob": 0.5},
        {"type": "Normalize", "mean": [72.94], "std": [90.02]},
    ]
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

fixtures=Tests/PacerEndToEndTests/Fixtures
cc -shared -fPIC "$fixtures/kill_during_write.c" -o "$work/libkillwrite.so" -ldl
cc -shared -fPIC "$fixtures/kill_in_rotation.c" -o "$work/libkillrotation.so" -ldl
last=${final#iter_}; last=${last%.safetensors}
saves=$(( (last + 49) / 50 ))   # every 50th iteration, and the last one
prunes=$(( saves - 3 ))

# The work dir invariants after a restart: latest names the newest
# checkpoint, at most 3 are kept, no temporary (dot) file is left.
invariants() {
  local dir=$1 newest count
  [ -z "$(ls -A "$dir" | grep '^\.' || true)" ] || { echo "temporary files left"; return 1; }
  newest=$(cd "$dir" && ls iter_*.safetensors | sort -t_ -k2 -n | tail -1)
  count=$(cd "$dir" && ls iter_*.safetensors | wc -l)
  [ "$(readlink "$dir/latest.safetensors")" = "$newest" ] || { echo "latest is not $newest"; return 1; }
  [ "$count" -le 3 ] || { echo "$count checkpoints kept"; return 1; }
}

# Whether the run's final checkpoint matches the reference bit for bit.
identical() {
  python3 - "$work/reference/$final" "$1/$final" <<'PY'
import sys, numpy as np
from safetensors.numpy import load_file
expected, actual = load_file(sys.argv[1]), load_file(sys.argv[2])
sys.exit(0 if expected.keys() == actual.keys() and all(np.array_equal(expected[k], actual[k]) for k in expected) else 1)
PY
}

# Resumes run $1 with --resume-from auto and judges it.
judge() {
  local run=$1 problem
  "$pacer" train "$work/config.json" --work-dir "$run" --resume-from auto >"$run.log" 2>&1 || true
  from=$(grep -o 'resumed from [^:]*' "$run.log" || echo "started afresh")
  if problem=$(invariants "$run") && identical "$run"; then
    matched=$((matched + 1)); verdict=match
  else
    verdict="DIFFERS ${problem:-final checkpoint}"
  fi
}

matched=0
for trial in $(seq 1 "$trials"); do
  delay=$(python3 -c "import random; print(round(random.uniform(0.5, $duration - 0.5), 2))")
  run="$work/run$trial"
  "$pacer" train "$work/config.json" --work-dir "$run" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  judge "$run"
  echo "trial $trial: killed after ${delay}s, ${from#resumed from }: $verdict"
done

aimed=(
  "libkillwrite.so PACER_KILL_AT_WRITE=$saves inside the final checkpoint's write"
  "libkillrotation.so PACER_KILL_AFTER_RENAME=$saves after the final checkpoint's rename, before latest moved"
  "libkillrotation.so PACER_KILL_BEFORE_LINK=$saves just before latest moved to the final checkpoint"
  "libkillrotation.so PACER_KILL_AT_PRUNE=$prunes while pruning for the final checkpoint"
)
for index in "${!aimed[@]}"; do
  read -r library setting description <<<"${aimed[$index]}"
  run="$work/aimed$index"
  status=0
  # In a subshell whose stderr is closed, so bash's "Killed" report stays out of the log.
  (env LD_PRELOAD="$work/$library" "$setting" "$pacer" train "$work/config.json" --work-dir "$run" >/dev/null 2>&1) \
    2>/dev/null || status=$?
  [ "$status" -eq 137 ] || echo "aimed kill $index did not die by SIGKILL (status $status)"
  judge "$run"
  echo "aimed kill $((index + 1)): $description, ${from#resumed from }: $verdict"
done

total=$((trials + ${#aimed[@]}))
echo "$matched of $total resumed runs kept the invariants and matched the uninterrupted run"
[ "$matched" -eq "$total" ]
