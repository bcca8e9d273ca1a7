#!/usr/bin/env python3
"""Compares `pacer config --format json` with mmcv's `Config.fromfile` over folders of configs.

    python3 Tests/ConfigCorpus/compare.py [--pacer PATH] [--show N] [--dumps] FOLDER...

Every .py, .json, .yaml and .yml file under the folders is read by Pacer (one process per
file, 10 s each) and, when `import mmcv` works in this Python, by mmcv 1.7.2. Prints how
many files give exactly mmcv's merged dict (`equal`: same keys, values and types, tuples
read as lists since JSON has none), how many give something else (`differs`), how many
Pacer refuses with one line (`refused`, with the causes counted), and how many crash or
hang Pacer (`crashed`). Files mmcv itself cannot load are counted apart and left out of
the percentage. Without mmcv, only Pacer's own counts are printed. Nothing is fetched.

With --dumps (and mmcv), every file both read equally is also dumped both ways: mmcv's
`Config.dump` as .py, .json and .yaml read by Pacer must give what mmcv reads back from
them, and Pacer's `--format py|json|yaml` dumps read by mmcv must give what Pacer read.
"""
import argparse
import collections
import concurrent.futures
import json
import math
import os
import re
import subprocess
import shutil
import sys
import tempfile
import warnings

EXTENSIONS = ('.py', '.json', '.yaml', '.yml')


def find_configs(folders):
    files = []
    for folder in folders:
        if os.path.isfile(folder):
            files.append(folder)
            continue
        for root, _, names in os.walk(folder):
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(EXTENSIONS)]
    return sorted(files)


def run_pacer(pacer, path, fmt='json', raw=False):
    """('ok', value or dump text) | ('refused', line) | ('crashed', reason)."""
    try:
        done = subprocess.run([pacer, 'config', path, '--format', fmt],
                              capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return 'crashed', 'hang (10 s)'
    if done.returncode < 0:
        return 'crashed', f'signal {-done.returncode}'
    stderr = done.stderr.decode('utf-8', 'replace').strip().splitlines()
    lines = [line for line in stderr if not line.startswith('note: ')]
    if done.returncode != 0:
        if len(lines) != 1:
            return 'crashed', f'exit {done.returncode} with {len(lines)} error lines'
        return 'refused', lines[0]
    return 'ok', done.stdout.decode('utf-8') if raw else json.loads(done.stdout)


def mmcv_loader():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            from mmcv import Config
    except Exception:
        return None

    def load(path, dump_to=None):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            cfg = Config.fromfile(path, import_custom_modules=False)
            if dump_to:
                cfg.dump(dump_to)
        return cfg._cfg_dict.to_dict()
    return load


def check_dumps(pacer, load, path, value, folder, index):
    """The dump checks that fail for one file equally read, as 'kind: detail' lines; a dump
    mmcv cannot read back itself is noted as such, not blamed on Pacer."""
    failures = []
    for ext in ('py', 'json', 'yaml'):
        dumped = os.path.join(folder, f'{index}-mmcv.{ext}')
        try:
            load(path, dump_to=dumped)
            expected = load(dumped)
        except BaseException as error:
            failures.append(f'(mmcv cannot read its own .{ext} dump): {type(error).__name__}')
        else:
            kind, got = run_pacer(pacer, dumped)
            if kind != 'ok' or not same(expected, got):
                failures.append(f'mmcv .{ext} dump read by Pacer: {kind} {got if kind != "ok" else "differs"}')
        kind, text = run_pacer(pacer, path, ext, raw=True)
        if kind != 'ok':
            failures.append(f'Pacer cannot dump .{ext}: {text}')
            continue
        own = os.path.join(folder, f'{index}-pacer.{ext}')
        with open(own, 'w', encoding='utf-8') as handle:
            handle.write(text)
        try:
            back = load(own)
        except BaseException as error:
            failures.append(f'Pacer .{ext} dump read by mmcv: {type(error).__name__}: {str(error)[:80]}')
            continue
        if not same(back, value):
            failures.append(f'Pacer .{ext} dump read by mmcv: differs')
    return failures


def same(a, b):
    """Equal values of equal types; a tuple on mmcv's side matches a list on Pacer's."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def cause(line):
    """What a refusal line blames, without the file and position."""
    construct = re.search(r"unsupported Python construct '(.*)'$", line)
    if construct:
        return 'unsupported: ' + re.sub(r"\d+", "N", construct.group(1))
    message = re.sub(r'^.*?:(\d+:\d+:)? ', '', line, count=1)
    message = re.sub(r"'[^']*'", "'...'", message)
    return re.sub(r"\d+", "N", message)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('folders', nargs='+')
    parser.add_argument('--pacer', default=os.path.join(here, '..', '..', '.build', 'debug', 'pacer'))
    parser.add_argument('--show', type=int, default=10, help='list up to N files of each outcome')
    parser.add_argument('--dumps', action='store_true', help='also check dumps both ways (needs mmcv)')
    args = parser.parse_args()

    files = find_configs(args.folders)
    load = mmcv_loader()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        pacer_results = list(pool.map(lambda f: run_pacer(args.pacer, f), files))

    counts = collections.Counter()
    causes = collections.Counter()
    dump_causes = collections.Counter()
    dump_folder = tempfile.mkdtemp(prefix='pacer-corpus-dumps-')
    examples = collections.defaultdict(list)
    for path, (kind, payload) in zip(files, pacer_results):
        expected = None
        if load is not None:
            try:
                expected = load(path)
            except BaseException as error:  # mmcv raises many kinds; any means it cannot load the file
                counts['mmcv cannot load'] += 1
                examples['mmcv cannot load'].append(f'{path}: {type(error).__name__}: {str(error)[:100]}')
                continue
        if kind == 'ok':
            outcome = 'read' if load is None else ('equal' if same(expected, payload) else 'differs')
            if outcome == 'equal' and args.dumps:
                counts['dumps checked'] += 1
                for failure in check_dumps(args.pacer, load, path, payload, dump_folder, counts['dumps checked']):
                    counts['dump failures' if not failure.startswith('(') else 'mmcv own dump failures'] += 1
                    dump_causes[re.sub(r':.*', '', failure)] += 1
                    examples['dump failure'].append(f'{path}: {failure}')
        else:
            outcome = kind
        counts[outcome] += 1
        detail = payload if kind != 'ok' else ''
        examples[outcome].append(f'{path} {detail}'.strip())
        if kind == 'refused':
            causes[cause(payload)] += 1

    print(f'{len(files)} config files under {", ".join(args.folders)}')
    for outcome in ('equal', 'differs', 'read', 'refused', 'crashed', 'mmcv cannot load'):
        if counts[outcome] or outcome in ('refused', 'crashed'):
            print(f'  {outcome}: {counts[outcome]}')
    if load is not None:
        loaded = len(files) - counts['mmcv cannot load']
        if loaded:
            print(f'equal: {counts["equal"]} of the {loaded} files mmcv loads '
                  f'({100.0 * counts["equal"] / loaded:.1f}%)')
    else:
        print('(mmcv is not importable here: only Pacer was run)')
    if args.dumps:
        print(f'dumps: {counts["dumps checked"]} files dumped as .py, .json and .yaml by each side; '
              f'{counts["dump failures"]} failures (and {counts["mmcv own dump failures"]} dumps mmcv '
              'cannot read back itself)')
        for text, number in dump_causes.most_common():
            print(f'  {number:5d}  {text}')
    shutil.rmtree(dump_folder, ignore_errors=True)
    if causes:
        print('refusal causes:')
        for text, number in causes.most_common():
            print(f'  {number:5d}  {text}')
    for outcome in ('differs', 'refused', 'crashed', 'mmcv cannot load', 'dump failure'):
        for line in examples[outcome][:args.show]:
            print(f'{outcome}: {line}')
    return 1 if counts['crashed'] else 0


if __name__ == '__main__':
    sys.exit(main())
