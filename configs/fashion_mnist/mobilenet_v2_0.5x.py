# MMClassification 0.x's MobileNetV2 (configs/_base_/models/mobilenet_v2_1x.py)
# at half its widths on Fashion-MNIST, resized to 32x32 as mmcls's lenet5_mnist.py
# does. One change mmcls could not run: in_channels=1, an option Pacer's
# MobileNetV2 adds (mmcls's first convolution always takes 3 channels).
# The model is the bundled ImageClassifier plugin (C on OpenBLAS).

# model settings
model = dict(
    type='ImageClassifier',
    backbone=dict(type='MobileNetV2', widen_factor=0.5, in_channels=1),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=1280,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 5),
    ))
# dataset settings
dataset_type = 'FashionMNIST'
img_norm_cfg = dict(mean=[33.46], std=[78.87], to_rgb=True)
train_pipeline = [
    dict(type='Resize', size=32),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='ImageToTensor', keys=['img']),
    dict(type='ToTensor', keys=['gt_label']),
    dict(type='Collect', keys=['img', 'gt_label']),
]
test_pipeline = [
    dict(type='Resize', size=32),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='ImageToTensor', keys=['img']),
    dict(type='Collect', keys=['img']),
]
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=2,
    train=dict(
        type=dataset_type, data_prefix='/usr/share/datasets/fashion-mnist',
        pipeline=train_pipeline),
    val=dict(
        type=dataset_type, data_prefix='/usr/share/datasets/fashion-mnist',
        pipeline=test_pipeline),
    test=dict(
        type=dataset_type, data_prefix='/usr/share/datasets/fashion-mnist',
        pipeline=test_pipeline))
evaluation = dict(interval=1, metric='accuracy', metric_options={'topk': (1, 5)})
# optimizer (mmcls's mobilenet_v2 schedule: SGD with weight decay 4e-5)
optimizer = dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=0.00004)
optimizer_config = dict(grad_clip=None)
# learning policy
lr_config = dict(policy='CosineAnnealing', min_lr=0)
# checkpoint saving
checkpoint_config = dict(interval=1)
log_config = dict(interval=100, hooks=[dict(type='TextLoggerHook')])
# runtime settings
runner = dict(type='EpochBasedRunner', max_epochs=5)
dist_params = dict(backend='nccl')
log_level = 'INFO'
work_dir = 'work_dirs/mobilenet_v2_0.5x_fashion_mnist/'
load_from = None
resume_from = None
workflow = [('train', 1)]
