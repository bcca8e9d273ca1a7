_base_ = './_base_/dataset.py'
prefetch = False
fp16 = None
train_pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations', with_bbox=True)]
if not prefetch:
    train_pipeline.extend([dict(type='Normalize', mean=[0, 0, 0], std=[1, 1, 1]), dict(type='DefaultFormatBundle')])
elif fp16 is None:
    train_pipeline.append(dict(type='ToTensor'))
else:
    pass
use_ema = len(train_pipeline) > 3 and fp16 is None
data = dict(train=dict(pipeline=train_pipeline), val=dict(samples_per_gpu=1 if prefetch else 2))
