import CPacer
import Pacer

extension pacer_hook_vtable {
    /// The function for `stage`, or nil when the plugin does not implement it.
    func function(for stage: HookStage) -> pacer_hook_fn? {
        switch stage {
        case .beforeRun: return before_run
        case .afterRun: return after_run
        case .beforeEpoch: return before_epoch
        case .afterEpoch: return after_epoch
        case .beforeIter: return before_iter
        case .afterIter: return after_iter
        case .beforeTrainEpoch: return before_train_epoch
        case .afterTrainEpoch: return after_train_epoch
        case .beforeValEpoch: return before_val_epoch
        case .afterValEpoch: return after_val_epoch
        case .beforeTrainIter: return before_train_iter
        case .afterTrainIter: return after_train_iter
        case .beforeValIter: return before_val_iter
        case .afterValIter: return after_val_iter
        }
    }
}
