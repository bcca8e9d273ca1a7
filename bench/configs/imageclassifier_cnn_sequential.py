# The bundled CNN (configs/fashion_mnist/cnn.json) as an ImageClassifier
# Sequential backbone, for timing only (train workflow, no EMA).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='Sequential', in_channels=1, layers=[
        dict(type='Conv2d', in_channels=1, out_channels=32, kernel_size=3, padding=1),
        dict(type='ReLU'),
        dict(type='MaxPool2d', kernel_size=2),
        dict(type='Conv2d', in_channels=32, out_channels=64, kernel_size=3, padding=1),
        dict(type='ReLU'),
        dict(type='MaxPool2d', kernel_size=2),
        dict(type='Flatten'),
        dict(type='Linear', in_features=3136, out_features=128),
        dict(type='ReLU'),
        dict(type='Linear', in_features=128, out_features=10),
    ]),
    neck=None,
    head=dict(type='ClsHead', loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=0,
    train=dict(type='FashionMNIST', data_prefix='/usr/share/datasets/fashion-mnist'),
    val=dict(type='FashionMNIST', data_prefix='/usr/share/datasets/fashion-mnist', test_mode=True))
optimizer = dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=0.0005)
optimizer_config = dict(grad_clip=None)
lr_config = dict(policy='step', step=[10, 13])
runner = dict(type='EpochBasedRunner', max_epochs=2)
checkpoint_config = dict(interval=1)
log_config = dict(interval=100, hooks=[dict(type='TextLoggerHook')])
workflow = [('train', 1)]
