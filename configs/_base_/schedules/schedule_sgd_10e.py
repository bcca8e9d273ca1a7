# optimizer
optimizer = dict(type='SGD', lr=0.05, momentum=0.9, weight_decay=1e-4)
optimizer_config = dict(grad_clip=None)
# learning policy: the LR drops tenfold after epochs 6 and 9
lr_config = dict(policy='step', step=[6, 9])
runner = dict(type='EpochBasedRunner', max_epochs=10)
