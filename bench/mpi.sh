#!/usr/bin/env bash
# Data-parallel training on Open MPI against one process, side by side in
# one command, for the MLP and the CNN configs:
#   - seconds for one train epoch: 1 process with OPENBLAS_NUM_THREADS=2,
#     and 2 ranks (mpirun -np 2 --launcher mpi) with 1 OpenBLAS thread each;
#   - the gradient all-reduce per step of the 2-rank run (--profile-hooks on
#     rank 0: GradientAverager all_reduce, the collective through the MPIComm
#     plugin once a barrier has lined the ranks up) against the floor: Open
#     MPI's own MPI_Allreduce of the same number of floats
#     (bench/mpi_allreduce_floor.c), run right after in the same invocation
#     with the same mpirun flags;
#   - the communication share of the 2-rank epoch: all_reduce plus
#     pack_unpack; and, apart, wait_for_ranks (the time rank 0 waited for
#     the slower rank, load imbalance rather than communication).
#
#   bash bench/mpi.sh [SAMPLES]      (default 12800 train samples, batch 128 per process)
#
# Needs Open MPI (apt-get install -y openmpi-bin libopenmpi-dev). Builds
# pacer and the plugins in release mode and MPIComm beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
samples=${1:-12800}
swift build -c release >/dev/null
make -s -C Plugins/MPIComm OUT=.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpicc -O2 bench/mpi_allreduce_floor.c -o "$work/floor"
mpi=(mpirun --allow-run-as-root --oversubscribe --mca mpi_yield_when_idle 1 --bind-to none)

# One epoch of train only: no evaluation, no EMA, no checkpoint but the last.
options=(--no-validate --cfg-options "data.train.num_samples=$samples" runner.max_epochs=1 custom_hooks=[]
         log_config.interval=10)

seconds() { # command...: wall seconds of the command, its output in $work/out
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
}

printf '%-4s %14s %14s %12s %12s %7s %11s %s\n' model "1 proc x 2 thr" "2 ranks x 1" "allreduce" "MPI floor" ratio "comm share" "waiting"
for model in mlp cnn; do
  case $model in
    mlp) config=configs/fashion_mnist/mlp.py ;;
    cnn) config=configs/fashion_mnist/cnn.json ;;
  esac
  one=$(OPENBLAS_NUM_THREADS=2 seconds .build/release/pacer train "$config" --work-dir "$work/$model-1" \
        "${options[@]}" data.samples_per_gpu=256)
  two=$(seconds "${mpi[@]}" -np 2 -x OPENBLAS_NUM_THREADS=1 .build/release/pacer train "$config" --launcher mpi \
        --work-dir "$work/$model-2" --profile-hooks "${options[@]}" data.samples_per_gpu=128)
  # Rank 0's profile rows: GradientAverager STAGE CALLS TOTAL MEAN SHARE.
  row() { awk -v stage="$1" '$1 == "GradientAverager" && $2 == stage {print $3, $4, $5}' "$work/out"; }
  read -r calls total mean <<<"$(row all_reduce)"
  read -r _ packing _ <<<"$(row pack_unpack)"
  read -r _ waiting _ <<<"$(row wait_for_ranks)"
  floats=$(python3 - "$work/$model-2/latest.safetensors" <<'PY'
import json, struct, sys
with open(sys.argv[1], "rb") as f:
    header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
count = 0
for name, info in header.items():
    if name != "__metadata__" and not name.startswith(("optimizer.", "hooks.")):
        n = 1
        for extent in info["shape"]:
            n *= extent
        count += n
print(count + 2)  # the loss and the accuracy travel in the same buffer
PY
)
  floor=$("${mpi[@]}" -np 2 "$work/floor" "$floats" 200 | awk '{print $3}')
  python3 -c "
one, two, mean, floor, total, packing, waiting = $one, $two, $mean, $floor, $total, $packing, $waiting
print('%-4s %14.2f %14.2f %9.3f ms %9.3f ms %6.2fx %10.1f%% %6.1f%%   (%d floats, %d steps)'
      % ('$model', one, two, mean, floor, mean / floor, 100 * (total + packing) / two, 100 * waiting / two,
         $floats, $calls))"
done
