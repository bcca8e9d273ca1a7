# Fashion-MNIST as Debian's dataset-fashion-mnist package installs it, with
# mmcls's dataset arguments. No pipeline: Pacer's fast path, pixels in [0, 1]
# (see configs/fashion_mnist/mlp_mmcls_pipeline.py for an mmcls pipeline).
dataset_type = 'FashionMNIST'
data_prefix = '/usr/share/datasets/fashion-mnist'
data = dict(
    samples_per_gpu=128,
    workers_per_gpu=0,
    train=dict(type=dataset_type, data_prefix=data_prefix),
    val=dict(type=dataset_type, data_prefix=data_prefix, test_mode=True))
