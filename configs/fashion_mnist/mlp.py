_base_ = [
    '../_base_/models/mlp.py', '../_base_/datasets/fashion_mnist.py',
    '../_base_/schedules/schedule_sgd_cosine_15e.py', '../_base_/default_runtime.py'
]
# Keep an exponential moving average of the weights (the C EMAHook plugin).
custom_hooks = [dict(type='EMAHook', momentum=0.01)]
