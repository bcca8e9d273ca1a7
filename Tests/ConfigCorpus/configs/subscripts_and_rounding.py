_base_ = ['./_base_/dataset.py', './_base_/schedule.py', './_base_/default_runtime.py']
img_norm_cfg = dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
pad = dict(type='Pad', size_divisor=32, pad_val=[round(x) for x in img_norm_cfg['mean'][::-1]])
norm = dict(type='Normalize', mean=img_norm_cfg['mean'], std=img_norm_cfg['std'][:2] + img_norm_cfg['std'][-1:])
channels = sum([18, 36, 72, 144])
widths = [int(c * 1.5) for c in [18, 36, 72, 144]]
