/// Hook call traces of MMCV 1.7.2, worked out from its runner loops
/// (epoch_based_runner.py and iter_based_runner.py, sleeps aside): one
/// line per call, "stage mode epoch iter inner_iter".
enum MMCVTraces {
    /// EpochBasedRunner, [('train', 2), ('val', 1)], 4 epochs, 3 train and 2 val batches.
    static let epochTrainTwoValOne = """
        before_run none 0 0 0
        before_train_epoch train 0 0 0
        before_train_iter train 0 0 0
        after_train_iter train 0 0 0
        before_train_iter train 0 1 1
        after_train_iter train 0 1 1
        before_train_iter train 0 2 2
        after_train_iter train 0 2 2
        after_train_epoch train 0 3 2
        before_train_epoch train 1 3 2
        before_train_iter train 1 3 0
        after_train_iter train 1 3 0
        before_train_iter train 1 4 1
        after_train_iter train 1 4 1
        before_train_iter train 1 5 2
        after_train_iter train 1 5 2
        after_train_epoch train 1 6 2
        before_val_epoch val 2 6 2
        before_val_iter val 2 6 0
        after_val_iter val 2 6 0
        before_val_iter val 2 6 1
        after_val_iter val 2 6 1
        after_val_epoch val 2 6 1
        before_train_epoch train 2 6 1
        before_train_iter train 2 6 0
        after_train_iter train 2 6 0
        before_train_iter train 2 7 1
        after_train_iter train 2 7 1
        before_train_iter train 2 8 2
        after_train_iter train 2 8 2
        after_train_epoch train 2 9 2
        before_train_epoch train 3 9 2
        before_train_iter train 3 9 0
        after_train_iter train 3 9 0
        before_train_iter train 3 10 1
        after_train_iter train 3 10 1
        before_train_iter train 3 11 2
        after_train_iter train 3 11 2
        after_train_epoch train 3 12 2
        before_val_epoch val 4 12 2
        before_val_iter val 4 12 0
        after_val_iter val 4 12 0
        before_val_iter val 4 12 1
        after_val_iter val 4 12 1
        after_val_epoch val 4 12 1
        after_run val 4 12 1
        """

    /// EpochBasedRunner, [('val', 1), ('train', 1)], 2 epochs, 2 val and 3 train batches.
    static let epochValFirst = """
        before_run none 0 0 0
        before_val_epoch val 0 0 0
        before_val_iter val 0 0 0
        after_val_iter val 0 0 0
        before_val_iter val 0 0 1
        after_val_iter val 0 0 1
        after_val_epoch val 0 0 1
        before_train_epoch train 0 0 1
        before_train_iter train 0 0 0
        after_train_iter train 0 0 0
        before_train_iter train 0 1 1
        after_train_iter train 0 1 1
        before_train_iter train 0 2 2
        after_train_iter train 0 2 2
        after_train_epoch train 0 3 2
        before_val_epoch val 1 3 2
        before_val_iter val 1 3 0
        after_val_iter val 1 3 0
        before_val_iter val 1 3 1
        after_val_iter val 1 3 1
        after_val_epoch val 1 3 1
        before_train_epoch train 1 3 1
        before_train_iter train 1 3 0
        after_train_iter train 1 3 0
        before_train_iter train 1 4 1
        after_train_iter train 1 4 1
        before_train_iter train 1 5 2
        after_train_iter train 1 5 2
        after_train_epoch train 1 6 2
        after_run train 2 6 2
        """

    /// EpochBasedRunner, [('train', 1)], 2 epochs, 3 batches.
    static let epochTrainOnly = """
        before_run none 0 0 0
        before_train_epoch train 0 0 0
        before_train_iter train 0 0 0
        after_train_iter train 0 0 0
        before_train_iter train 0 1 1
        after_train_iter train 0 1 1
        before_train_iter train 0 2 2
        after_train_iter train 0 2 2
        after_train_epoch train 0 3 2
        before_train_epoch train 1 3 2
        before_train_iter train 1 3 0
        after_train_iter train 1 3 0
        before_train_iter train 1 4 1
        after_train_iter train 1 4 1
        before_train_iter train 1 5 2
        after_train_iter train 1 5 2
        after_train_epoch train 1 6 2
        after_run train 2 6 2
        """

    /// IterBasedRunner, [('train', 3), ('val', 1)], 10 iters, 4 train and 2 val batches.
    static let iterTrainThreeValOne = """
        before_run none 0 0 0
        before_epoch none 0 0 0
        before_train_iter train 0 0 0
        after_train_iter train 0 0 0
        before_train_iter train 0 1 1
        after_train_iter train 0 1 1
        before_train_iter train 0 2 2
        after_train_iter train 0 2 2
        before_val_iter val 0 3 0
        after_val_iter val 0 3 0
        before_train_iter train 0 3 0
        after_train_iter train 0 3 0
        before_train_iter train 0 4 1
        after_train_iter train 0 4 1
        before_train_iter train 1 5 2
        after_train_iter train 1 5 2
        before_val_iter val 1 6 0
        after_val_iter val 1 6 0
        before_train_iter train 1 6 0
        after_train_iter train 1 6 0
        before_train_iter train 1 7 1
        after_train_iter train 1 7 1
        before_train_iter train 1 8 2
        after_train_iter train 1 8 2
        before_val_iter val 1 9 0
        after_val_iter val 1 9 0
        before_train_iter train 2 9 0
        after_train_iter train 2 9 0
        before_val_iter val 2 10 0
        after_val_iter val 2 10 0
        after_epoch val 2 10 1
        after_run val 2 10 1
        """

    /// IterBasedRunner, [('train', 7)], 7 iters, 3 batches.
    static let iterTrainOnly = """
        before_run none 0 0 0
        before_epoch none 0 0 0
        before_train_iter train 0 0 0
        after_train_iter train 0 0 0
        before_train_iter train 0 1 1
        after_train_iter train 0 1 1
        before_train_iter train 0 2 2
        after_train_iter train 0 2 2
        before_train_iter train 0 3 3
        after_train_iter train 0 3 3
        before_train_iter train 1 4 4
        after_train_iter train 1 4 4
        before_train_iter train 1 5 5
        after_train_iter train 1 5 5
        before_train_iter train 1 6 6
        after_train_iter train 1 6 6
        after_epoch train 1 7 7
        after_run train 1 7 7
        """
}
