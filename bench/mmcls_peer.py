"""MMClassification 0.25's own runner (mmcv 1.7.2's EpochBasedRunner) on a
Pacer config file, the mmcls peer of pacer-train-bench:

    python bench/mmcls_peer.py CONFIG [EPOCHS] [SAMPLES]        per-epoch seconds
    python bench/mmcls_peer.py CONFIG --accuracy [--seed S]     top-1 after the config's epochs

The config is read by mmcv's Config.fromfile as mmcls's tools/train.py reads
it, and trained through mmcls.apis.train_model on the CPU, torch on two
threads. Only what the machine needs is changed, in this script and never in
the config:

- data_prefix: mmcls's MNIST/FashionMNIST datasets read the four IDX files
  uncompressed and download them when missing; Debian's dataset-fashion-mnist
  installs them gzipped in /usr/share/datasets/fashion-mnist, so they are
  decompressed once into .build/bench-data/fashion-mnist-idx and the splits
  point there;
- timing: workflow [('train', 1)], 1 + EPOCHS epochs, no checkpoints, no
  evaluation; an EpochClock hook at the HIGHEST priority reads the clock at
  each before_train_epoch (and after_run), so an epoch's time covers
  everything mmcv's runner does: the DataLoader and its workers, the
  pipeline, the model step, the optimizer, the LR, timer and logger hooks.
  Prints the mean of all epochs but the first (warm-up), as
  pacer-train-bench and bench/pytorch_peer.py do; with SAMPLES, each epoch
  trains the first SAMPLES images of the train split and its time is scaled
  to the whole split, as theirs are with the same argument;
- --accuracy: the config's own runner and epochs (checkpoints into a
  temporary work_dir, evaluation left to the end), then mmcls's
  single_gpu_test on the test split and the dataset's own top-1.
"""
import argparse
import gzip
import os
import shutil
import tempfile
import time

import torch
from mmcv import Config
from mmcv.parallel import MMDataParallel
from mmcv.runner import HOOKS, Hook

import mmcls
from mmcls.apis import set_random_seed, single_gpu_test, train_model
from mmcls.datasets import build_dataloader, build_dataset
from mmcls.models import build_classifier

DEBIAN = "/usr/share/datasets/fashion-mnist"
IDX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "bench-data", "fashion-mnist-idx")
FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


@HOOKS.register_module()
class EpochClock(Hook):
    """Reads the clock at each before_train_epoch and at after_run, into
    EpochClock.marks (the runner builds the hook from custom_hooks)."""

    marks = []

    def before_train_epoch(self, runner):
        EpochClock.marks.append(time.perf_counter())

    def after_run(self, runner):
        EpochClock.marks.append(time.perf_counter())

    @staticmethod
    def seconds():
        """Each epoch's seconds."""
        marks = EpochClock.marks
        return [b - a for a, b in zip(marks, marks[1:])]


def idx_folder():
    """The four IDX files, uncompressed, where mmcls's dataset finds them."""
    os.makedirs(IDX, exist_ok=True)
    for name in FILES:
        target = os.path.join(IDX, name)
        if not os.path.exists(target):
            with gzip.open(os.path.join(DEBIAN, name + ".gz"), "rb") as source, open(target + ".part", "wb") as out:
                shutil.copyfileobj(source, out)
            os.replace(target + ".part", target)
    return os.path.abspath(IDX)


def load(config, work_dir, seed):
    cfg = Config.fromfile(config)
    for split in ("train", "val", "test"):
        if cfg.data[split].type in ("MNIST", "FashionMNIST"):
            cfg.data[split].data_prefix = idx_folder()
    cfg.work_dir = work_dir
    cfg.gpu_ids = [0]
    cfg.device = "cpu"
    cfg.seed = seed
    cfg.resume_from = None
    cfg.load_from = None
    set_random_seed(seed)
    return cfg


def seconds_per_epoch(config, epochs, samples):
    with tempfile.TemporaryDirectory() as work_dir:
        cfg = load(config, work_dir, 0)
        cfg.runner.max_epochs = epochs + 1
        cfg.workflow = [("train", 1)]
        cfg.checkpoint_config = None
        cfg.custom_hooks = [dict(type="EpochClock", priority="HIGHEST")]
        model = build_classifier(cfg.model)
        model.init_weights()
        dataset = build_dataset(cfg.data.train)
        full = len(dataset)
        dataset.data_infos = dataset.data_infos[:samples]
        train_model(model, dataset, cfg, distributed=False, validate=False,
                    timestamp=time.strftime("%Y%m%d_%H%M%S"), device="cpu", meta=dict())
        times = EpochClock.seconds()
    return sum(times[1:]) / epochs, len(dataset), full


def accuracy(config, seed):
    with tempfile.TemporaryDirectory() as work_dir:
        cfg = load(config, work_dir, seed)
        cfg.workflow = [("train", 1)]
        model = build_classifier(cfg.model)
        model.init_weights()
        start = time.perf_counter()
        train_model(model, build_dataset(cfg.data.train), cfg, distributed=False, validate=False,
                    timestamp=time.strftime("%Y%m%d_%H%M%S"), device="cpu", meta=dict(seed=seed))
        wall = time.perf_counter() - start
        test = build_dataset(cfg.data.test, default_args=dict(test_mode=True))
        loader = build_dataloader(test, samples_per_gpu=cfg.data.samples_per_gpu,
                                  workers_per_gpu=cfg.data.workers_per_gpu, dist=False, shuffle=False, round_up=False)
        results = single_gpu_test(MMDataParallel(model, device_ids=None), loader, show=False)
        top1 = test.evaluate(results, metric="accuracy", metric_options=dict(topk=(1,)))["accuracy_top-1"]
    return top1, wall, cfg.runner.max_epochs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config")
    parser.add_argument("epochs", nargs="?", type=int, default=3)
    parser.add_argument("samples", nargs="?", type=int, help="train the first SAMPLES images an epoch, time scaled")
    parser.add_argument("--accuracy", action="store_true", help="train the config as written, print test top-1")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(2)
    versions = f"mmcls {mmcls.__version__} runner (mmcv {__import__('mmcv').__version__})"
    if args.accuracy:
        top1, wall, epochs = accuracy(args.config, args.seed)
        print(f"{versions}: seed {args.seed}: top-1 {top1:.2f} after {epochs} epochs, {wall:.1f} s training",
              flush=True)
    else:
        per_epoch, images, full = seconds_per_epoch(args.config, args.epochs, args.samples)
        scaled = f" ({images} images timed, scaled to {full})" if images < full else ""
        print(f"{versions}: {per_epoch * full / images:.3f} s per epoch{scaled}, {images / per_epoch:,.0f} images/s",
              flush=True)


if __name__ == "__main__":
    main()
