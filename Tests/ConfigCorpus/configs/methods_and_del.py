_base_ = './_base_/default_runtime.py'
base_lr = 0.01
optimizer = dict(type='AdamW', lr=base_lr, weight_decay=0.05)
optimizer.update(paramwise_cfg=dict(custom_keys={'.backbone': dict(lr_mult=0.1)}))
scale = optimizer.get('lr', 1.0) * 8
tmp = dict(a=1, b=2)
del tmp['a']
hooks = []
hooks += [dict(type='NumClassCheckHook')]
hooks.insert(0, dict(type='EMAHook', momentum='{:.4f}'.format(0.0002)))
name = 'faster-rcnn_r50'.replace('-', '_').upper()
parts = 'a/b/c'.split('/')
custom_hooks = hooks
del hooks
