# The data path the data-path benchmark times (bench/data-path.sh): an image
# folder through a CIFAR-style training pipeline, as mmcls 0.x configs write
# it; bench/torchvision_peer.py builds the same with torchvision. The folder
# is set on the command line (data.train.data_prefix).
img_norm_cfg = dict(mean=[125.307, 122.961, 113.8575], std=[51.5865, 50.847, 51.255], to_rgb=True)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomCrop', size=32, padding=4),
    dict(type='RandomFlip', flip_prob=0.5, direction='horizontal'),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='ImageToTensor', keys=['img']),
    dict(type='ToTensor', keys=['gt_label']),
    dict(type='Collect', keys=['img', 'gt_label']),
]
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=2,
    train=dict(type='CustomDataset', data_prefix='data/png-folder', pipeline=train_pipeline))
