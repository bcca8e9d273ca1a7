# configs/fashion_mnist/mlp.py's network written as a config of the layer
# library: the ImageClassifier plugin's Sequential backbone (PyTorch layers
# by name) instead of the hand-written MLPClassifier plugin. The same
# 784-256-128-10 network with ReLU, PyTorch's default Linear initialisation
# (uniform in +-1/sqrt(fan_in)), softmax cross-entropy (ClsHead), and the
# same data, SGD, cosine schedule, EMA hook and runtime as mlp.py, which
# stays the shipped default: bench/README.md has both forms' accuracy and
# time per epoch.
_base_ = './mlp.py'
model = dict(
    _delete_=True,
    type='ImageClassifier',
    backbone=dict(
        type='Sequential',
        in_channels=1,
        layers=[
            dict(type='Flatten'),
            dict(type='Linear', in_features=784, out_features=256),
            dict(type='ReLU'),
            dict(type='Linear', in_features=256, out_features=128),
            dict(type='ReLU'),
            dict(type='Linear', in_features=128, out_features=10),
        ]),
    neck=None,
    head=dict(type='ClsHead', loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
