dataset_type = 'CocoDataset'
data = dict(
    train=dict(
        type='RepeatDataset',
        times=3,
        dataset=dict({'type': 'CocoDataset', 'ann_file': 'a.json', 'img-prefix': 'img/'})),
    test=dict({'type': 'CocoDataset', 'pipeline': [dict(type='LoadImageFromFile')]}))
optimizer = dict(type='SGD', lr=1e-08, momentum=0.9)
