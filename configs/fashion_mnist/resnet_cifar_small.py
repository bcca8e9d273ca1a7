# A small ResNet on Fashion-MNIST in MMClassification 0.x's terms:
# mmcls's ResNet_CIFAR depth 18 (BasicBlock, a 3x3 stride-1 stem) with its
# widths divided by 4 (stem_channels and base_channels 16, so 128 channels
# out of the last stage), one input channel, GlobalAveragePooling and a
# LinearClsHead. The images stay 28x28; training adds a horizontal
# RandomFlip. SGD with a cosine LR over 8 epochs. Trained by the bundled
# ImageClassifier plugin.
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet_CIFAR',
        depth=18,
        in_channels=1,
        stem_channels=16,
        base_channels=16,
        num_stages=4,
        out_indices=(3, ),
        style='pytorch'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=128,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
    ))
# dataset settings
dataset_type = 'FashionMNIST'
data_prefix = '/usr/share/datasets/fashion-mnist'
img_norm_cfg = dict(mean=[72.94], std=[90.02], to_rgb=False)
train_pipeline = [
    dict(type='RandomFlip', flip_prob=0.5, direction='horizontal'),
    dict(type='Normalize', **img_norm_cfg),
    dict(type='ImageToTensor', keys=['img']),
    dict(type='ToTensor', keys=['gt_label']),
    dict(type='Collect', keys=['img', 'gt_label']),
]
test_pipeline = [
    dict(type='Normalize', **img_norm_cfg),
    dict(type='ImageToTensor', keys=['img']),
    dict(type='Collect', keys=['img']),
]
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=2,
    train=dict(type=dataset_type, data_prefix=data_prefix, pipeline=train_pipeline),
    val=dict(type=dataset_type, data_prefix=data_prefix, pipeline=test_pipeline, test_mode=True),
    test=dict(type=dataset_type, data_prefix=data_prefix, pipeline=test_pipeline, test_mode=True))
evaluation = dict(interval=1, metric='accuracy', metric_options={'topk': (1, )})
# optimizer
optimizer = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4)
optimizer_config = dict(grad_clip=None)
# learning policy: a cosine from 0.1 down to 0 over the run
lr_config = dict(policy='CosineAnnealing', min_lr=0)
runner = dict(type='EpochBasedRunner', max_epochs=8)
# checkpoint saving
checkpoint_config = dict(interval=1, max_keep_ckpts=2)
# yapf:disable
log_config = dict(
    interval=50,
    hooks=[
        dict(type='TextLoggerHook'),
    ])
# yapf:enable
work_dir = 'work_dirs/resnet_cifar_small'
workflow = [('train', 1)]
seed = 0
