# The MLP on Fashion-MNIST, with the data described the way MMClassification
# 0.x configs describe it: dataset type, data_prefix, an img_norm_cfg and
# train/test pipelines. The pipeline's values are mmcls's (raw 0-255 pixels
# normalized by mean and std), not the [0, 1] scaling Pacer's fast path uses
# when a split has no pipeline. The MLP takes 28x28 images (784 inputs), so
# there is no Resize.
_base_ = [
    '../_base_/models/mlp.py', '../_base_/schedules/schedule_sgd_cosine_15e.py', '../_base_/default_runtime.py'
]
dataset_type = 'FashionMNIST'
data_prefix = '/usr/share/datasets/fashion-mnist'
img_norm_cfg = dict(mean=[33.46], std=[78.87], to_rgb=True)
train_pipeline = [
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
