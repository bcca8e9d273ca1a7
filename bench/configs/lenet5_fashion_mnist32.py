# mmcls 0.x's configs/lenet/lenet5_mnist.py on Fashion-MNIST padded to 32x32
# (bench/pad_fashion_mnist.py writes the files; run from the package root).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='LeNet5', num_classes=10),
    neck=None,
    head=dict(
        type='ClsHead',
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
    ))
data_prefix = '.build/bench-data/fashion-mnist-32'
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=0,
    train=dict(type='NumpyDataset', img_file=data_prefix + '/train-img.npy',
               label_file=data_prefix + '/train-label.npy'),
    val=dict(type='NumpyDataset', img_file=data_prefix + '/test-img.npy',
             label_file=data_prefix + '/test-label.npy'))
optimizer = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0001)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='step', step=[15])
checkpoint_config = dict(interval=1)
log_config = dict(interval=150, hooks=[dict(type='TextLoggerHook')])
runner = dict(type='EpochBasedRunner', max_epochs=5)
workflow = [('train', 1), ('val', 1)]
