# configs/fashion_mnist/cnn.json's network written as a config of the layer
# library: the ImageClassifier plugin's Sequential backbone (PyTorch layers
# by name) instead of the hand-written CNNClassifier plugin. The same
# network (conv 32 and conv 64, 3x3 with padding 1, each with ReLU and 2x2
# max pooling, FC 128, FC 10), PyTorch's default Conv2d and Linear
# initialisation (uniform in +-1/sqrt(fan_in)), softmax cross-entropy
# (ClsHead), and the same data, SGD, step schedule, EMA hook and runtime as
# cnn.json, which stays the shipped default: bench/README.md has both
# forms' accuracy and time per epoch.
_base_ = './cnn.json'
model = dict(
    _delete_=True,
    type='ImageClassifier',
    backbone=dict(
        type='Sequential',
        in_channels=1,
        layers=[
            dict(type='Conv2d', in_channels=1, out_channels=32, kernel_size=3, padding=1),
            dict(type='ReLU'),
            dict(type='MaxPool2d', kernel_size=2),
            dict(type='Conv2d', in_channels=32, out_channels=64, kernel_size=3, padding=1),
            dict(type='ReLU'),
            dict(type='MaxPool2d', kernel_size=2),
            dict(type='Flatten'),
            dict(type='Linear', in_features=64 * 7 * 7, out_features=128),
            dict(type='ReLU'),
            dict(type='Linear', in_features=128, out_features=10),
        ]),
    neck=None,
    head=dict(type='ClsHead', loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
