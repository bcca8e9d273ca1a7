_base_ = ['./_base_/schedule.py']
names = ['bbox', 'segm', 'keypoints']
stages = 4
num_classes = 80
model = dict(
    type='Cascade',
    roi_head=dict(bbox_head=[dict(type='Shared2FCBBoxHead', num_classes=num_classes, stage=i)
                             for i in range(3)]),
    necks={f'neck{i}': dict(in_channels=256 * 2**i) for i in range(stages) if i % 2 == 0})
evaluation = dict(metric=[n for n in names if n != 'keypoints'], interval=1)
work_dir = f'./work_dirs/{"_".join(names[:2])}_lr{0.02:.0e}'
lr_config = dict(step=[int(12 * r) for r in (2 / 3, 11 / 12)])
classes = tuple(sorted({'car', 'person', 'bicycle'}))
palette = dict([(c, i) for i, c in enumerate(classes)])
