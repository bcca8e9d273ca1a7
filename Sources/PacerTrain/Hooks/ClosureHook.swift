import Pacer

/// MMCV's ClosureHook for C: at one hook point, calls an exported C function
/// of any shared library with runner values of declared types, through
/// libffi. The call interface (`ffi_cif`) is prepared once when the hook is
/// built; a call stores the arguments and runs `ffi_call`.
///
///     custom_hooks = [dict(type='ClosureHook', library='./libprobe.so', symbol='probe',
///                          point='after_train_iter', args=['iter', 'lr', 'loss'],
///                          returns='int', priority='LOW')]
///
/// calls `int probe(int64_t iter, double lr, double loss)` after every train
/// iteration.
///
/// - `library`: a bare file name (`libm.so.6`) the dynamic linker looks up,
///   or a path, absolute or relative to the config file's folder
///   (`./libprobe.so`); see `ClosureHookLibrary` for the rules.
/// - `symbol`: the exported function.
/// - `point`: one hook point (`before_run` ... `after_val_iter`).
/// - `args`: the arguments in order, each a runner value `NAME` passed as
///   its default C type, or `TYPE:NAME` to choose the type:
///
///   | name | value | C types (default first) |
///   |---|---|---|
///   | `epoch`, `iter`, `inner_iter`, `max_epochs`, `max_iters`, `iters_per_epoch` | the runner's counters | `int64_t`, `int32_t`, `double`, `float` |
///   | `num_samples` | samples in the last step's batch | `int64_t`, `int32_t`, `double`, `float` |
///   | `lr`, `momentum`; `lr.N`, `momentum.N` | learning rate and momentum (Adam: beta1) of parameter group 0, or N; NaN without that group | `double`, `float` |
///   | `loss` | the last step's loss | `double`, `float` |
///   | `outputs.NAME` | the last step's output NAME (`outputs.accuracy`); NaN when not reported | `double`, `float` |
///   | `log_buffer.NAME` | the log buffer's averaged NAME; NaN when absent | `double`, `float` |
///   | `mode`, `work_dir`, `timestamp` | current mode ("" before the first flow), work folder, run timestamp | `const char *` |
///
///   TYPE is `int32`, `int64`, `float`, `double` or `string`; an integer
///   passed as `int32` is clamped to its range; a string is valid during the
///   call only.
/// - `returns`: `'void'` (the default) or `'int'`: a nonzero result asks the
///   runner to stop after the current iteration, as early stopping does,
///   and the run ends with one line naming the function, the library, the
///   result and the point.
/// - `priority`: as for any custom hook (default NORMAL).
///
/// An unknown key, point, arg name or type, a library that cannot be loaded
/// and a symbol it does not export are each one config error naming the
/// file and the key, raised while the run is built.
public final class ClosureHook: Hook {
    /// "ClosureHook".
    public let typeName = "ClosureHook"
    /// `symbol in library`, the library as a file when a bare name was given.
    public let origin: String
    /// The one point it runs at.
    public let stages: Set<HookStage>
    /// The exported function it calls.
    public let symbol: String
    /// The library, as the config named it or resolved to an absolute path.
    public let library: String
    /// The point it runs at.
    public let point: HookStage
    private let function: UnsafeMutableRawPointer
    private let arguments: [ClosureHookArgument]
    private let returnsInt: Bool
    private let prepared: ClosureHookCall

    init(symbol: String, library: String, origin: String, point: HookStage, function: UnsafeMutableRawPointer,
         arguments: [ClosureHookArgument], returnsInt: Bool, prepared: ClosureHookCall) {
        self.symbol = symbol
        self.library = library
        self.origin = origin
        self.point = point
        stages = [point]
        self.function = function
        self.arguments = arguments
        self.returnsInt = returnsInt
        self.prepared = prepared
    }

    /// Reads the arguments from `runner` and calls the function; a nonzero
    /// `int` result asks the runner to stop.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard stage == point else { return }
        for (index, argument) in arguments.enumerated() {
            prepared.set(argument.value.read(runner), at: index)
        }
        let result = prepared.invoke(function)
        if returnsInt && result != 0 {
            runner.requestStop(reason: "\(symbol) in \(library) returned \(result) at \(stage.name)")
        }
    }
}
