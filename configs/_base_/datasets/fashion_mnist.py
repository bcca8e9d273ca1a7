# Fashion-MNIST as Debian's dataset-fashion-mnist package installs it.
dataset_type = 'FashionMNIST'
data_root = '/usr/share/datasets/fashion-mnist'
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=0,
    train=dict(type=dataset_type, data_root=data_root, split='train'),
    val=dict(type=dataset_type, data_root=data_root, split='test'))
