/// Config files shaped like the `_base_` files of MMCV-family projects (MMDetection 2.x,
/// MMClassification 0.x), written out by tests into a temporary folder.
enum MMCVFixtures {
    /// `configs/_base_/default_runtime.py` as MMDetection 2.x ships it.
    static let defaultRuntime = """
        checkpoint_config = dict(interval=1)
        # yapf:disable
        log_config = dict(
            interval=50,
            hooks=[
                dict(type='TextLoggerHook'),
                # dict(type='TensorboardLoggerHook')
            ])
        # yapf:enable
        custom_hooks = [dict(type='NumClassCheckHook')]

        dist_params = dict(backend='nccl')
        log_level = 'INFO'
        load_from = None
        resume_from = None
        workflow = [('train', 1)]

        # disable opencv multithreading to avoid system being overloaded
        opencv_num_threads = 0
        # set multi-process start method as `fork` to speed up the training
        mp_start_method = 'fork'

        # Default setting for scaling LR automatically
        #   - `enable` means enable scaling LR automatically
        #       or not by default.
        #   - `base_batch_size` = (8 GPUs) x (2 samples per GPU).
        auto_scale_lr = dict(enable=False, base_batch_size=16)

        """

    /// `configs/_base_/schedules/schedule_1x.py` (MMDetection).
    static let schedule1x = """
        # optimizer
        optimizer = dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=0.0001)
        optimizer_config = dict(grad_clip=None)
        # learning policy
        lr_config = dict(
            policy='step',
            warmup='linear',
            warmup_iters=500,
            warmup_ratio=0.001,
            step=[8, 11])
        runner = dict(type='EpochBasedRunner', max_epochs=12)

        """

    /// `configs/_base_/schedules/imagenet_bs256_coslr.py` (MMClassification).
    static let scheduleCosine = """
        # optimizer
        optimizer = dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=0.0001)
        optimizer_config = dict(grad_clip=None)
        # learning policy
        lr_config = dict(policy='CosineAnnealing', min_lr=0)
        runner = dict(type='EpochBasedRunner', max_epochs=100)

        """

    /// `configs/_base_/datasets/coco_detection.py` (MMDetection): names, string `+`, `**`.
    static let cocoDetection = """
        # dataset settings
        dataset_type = 'CocoDataset'
        data_root = 'data/coco/'
        img_norm_cfg = dict(
            mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
        train_pipeline = [
            dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(type='Resize', img_scale=(1333, 800), keep_ratio=True),
            dict(type='RandomFlip', flip_ratio=0.5),
            dict(type='Normalize', **img_norm_cfg),
            dict(type='Pad', size_divisor=32),
            dict(type='DefaultFormatBundle'),
            dict(type='Collect', keys=['img', 'gt_bboxes', 'gt_labels']),
        ]
        test_pipeline = [
            dict(type='LoadImageFromFile'),
            dict(
                type='MultiScaleFlipAug',
                img_scale=(1333, 800),
                flip=False,
                transforms=[
                    dict(type='Resize', keep_ratio=True),
                    dict(type='RandomFlip'),
                    dict(type='Normalize', **img_norm_cfg),
                    dict(type='Pad', size_divisor=32),
                    dict(type='ImageToTensor', keys=['img']),
                    dict(type='Collect', keys=['img']),
                ])
        ]
        data = dict(
            samples_per_gpu=2,
            workers_per_gpu=2,
            train=dict(
                type=dataset_type,
                ann_file=data_root + 'annotations/instances_train2017.json',
                img_prefix=data_root + 'train2017/',
                pipeline=train_pipeline),
            val=dict(
                type=dataset_type,
                ann_file=data_root + 'annotations/instances_val2017.json',
                img_prefix=data_root + 'val2017/',
                pipeline=test_pipeline),
            test=dict(
                type=dataset_type,
                ann_file=data_root + 'annotations/instances_val2017.json',
                img_prefix=data_root + 'val2017/',
                pipeline=test_pipeline))
        evaluation = dict(interval=1, metric='bbox')

        """

    /// A model base file in the style of MMDetection's `retinanet_r50_fpn.py`, shortened.
    static let retinanet = """
        # model settings
        model = dict(
            type='RetinaNet',
            backbone=dict(
                type='ResNet',
                depth=50,
                num_stages=4,
                out_indices=(0, 1, 2, 3),
                frozen_stages=1,
                norm_cfg=dict(type='BN', requires_grad=True),
                norm_eval=True,
                style='pytorch',
                init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50')),
            neck=dict(
                type='FPN',
                in_channels=[256, 512, 1024, 2048],
                out_channels=256,
                start_level=1,
                add_extra_convs='on_input',
                num_outs=5),
            bbox_head=dict(
                type='RetinaHead',
                num_classes=80,
                in_channels=256,
                anchor_generator=dict(
                    type='AnchorGenerator',
                    octave_base_scale=4,
                    scales_per_octave=3,
                    ratios=[0.5, 1.0, 2.0],
                    strides=[8, 16, 32, 64, 128]),
                loss_cls=dict(
                    type='FocalLoss',
                    use_sigmoid=True,
                    gamma=2.0,
                    alpha=0.25,
                    loss_weight=1.0),
                loss_bbox=dict(type='L1Loss', loss_weight=1.0)),
            test_cfg=dict(
                nms_pre=1000,
                min_bbox_size=0,
                score_thr=0.05,
                nms=dict(type='nms', iou_threshold=0.5),
                max_per_img=100))

        """

    /// An experiment on those bases, in the style of `retinanet_r50_fpn_1x_coco.py`.
    static let retinanetExperiment = """
        _base_ = [
            '../_base_/models/retinanet_r50_fpn.py',
            '../_base_/datasets/coco_detection.py',
            '../_base_/schedules/schedule_1x.py', '../_base_/default_runtime.py'
        ]
        # optimizer
        optimizer = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0001)
        optimizer_config = dict(_delete_=True, grad_clip=dict(max_norm=35, norm_type=2))
        model = dict(backbone=dict(depth=101, init_cfg=dict(checkpoint='torchvision://resnet101')))

        """

    /// Writes the MMDetection-style tree into `folder`; returns the 1x and 2x experiments' paths.
    static func writeDetectionTree(in folder: TestFolder) throws -> (oneX: String, twoX: String) {
        try folder.write("configs/_base_/default_runtime.py", defaultRuntime)
        try folder.write("configs/_base_/schedules/schedule_1x.py", schedule1x)
        try folder.write("configs/_base_/datasets/coco_detection.py", cocoDetection)
        try folder.write("configs/_base_/models/retinanet_r50_fpn.py", retinanet)
        let oneX = try folder.write("configs/retinanet/retinanet_r50_fpn_1x_coco.py", retinanetExperiment)
        let twoX = try folder.write(
            "configs/retinanet/retinanet_r50_fpn_2x_coco.py",
            "_base_ = './retinanet_r50_fpn_1x_coco.py'\n# learning policy\nlr_config = dict(step=[16, 22])\n"
                + "runner = dict(type='EpochBasedRunner', max_epochs=24)\n")
        return (oneX, twoX)
    }
}
