# ResNet_CIFAR depth 18 with its widths divided by 4 (stem and base 16) on
# Fashion-MNIST 28x28, as an ImageClassifier config, for timing the layer library.
model = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet_CIFAR', depth=18, num_stages=4, out_indices=(3, ), style='pytorch',
                  in_channels=1, stem_channels=16, base_channels=16),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=10, in_channels=128,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=0,
    train=dict(type='FashionMNIST', data_prefix='/usr/share/datasets/fashion-mnist'),
    val=dict(type='FashionMNIST', data_prefix='/usr/share/datasets/fashion-mnist', test_mode=True))
optimizer = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=0.0001)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='step', step=[15])
runner = dict(type='EpochBasedRunner', max_epochs=2)
checkpoint_config = dict(interval=1)
log_config = dict(interval=100, hooks=[dict(type='TextLoggerHook')])
workflow = [('train', 1)]
