import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// Every mistake in a ClosureHook entry is one config error naming the
/// config file and the key, raised while the session is built, before
/// anything runs.
@Suite struct ClosureHookErrorTests {
    /// The error building a session with `hook` as its only custom hook.
    private func error(_ probe: ClosureProbe, _ hook: ConfigValue,
                       options: TrainOptions = TrainOptions()) throws -> String {
        do {
            _ = try probe.session(hooks: [hook], options: options)
        } catch {
            return "\(error)"
        }
        Issue.record("the session was built")
        return ""
    }

    private func config(_ probe: ClosureProbe) -> String { probe.folder + "/config.json" }

    @Test func anUnknownArgNameListsTheVocabulary() throws {
        let probe = try ClosureProbe()
        let message = try error(probe, probe.hook("probe_reals", at: "after_train_iter", args: ["lr", "accuracy"]))
        #expect(message == "\(config(probe)): 'custom_hooks.0.args.1' names 'accuracy', which is not a runner value "
            + "(known: epoch, iter, inner_iter, max_epochs, max_iters, iters_per_epoch, num_samples, lr, lr.N, "
            + "momentum, momentum.N, loss, mode, work_dir, timestamp, outputs.NAME, log_buffer.NAME)")
    }

    @Test func anUnsupportedTypeListsTheTypes() throws {
        let probe = try ClosureProbe()
        let message = try error(probe, probe.hook("probe_counters", at: "after_train_iter", args: ["int8:iter"]))
        #expect(message == "\(config(probe)): 'custom_hooks.0.args.0' asks for type 'int8', which a ClosureHook "
            + "cannot pass (supported: int32, int64, float, double, string)")
    }

    @Test func aTypeTheValueCannotTakeNamesTheTypesItCan() throws {
        let probe = try ClosureProbe()
        let message = try error(probe, probe.hook("probe_reals", at: "after_train_iter", args: ["iter", "int64:lr"]))
        #expect(message == "\(config(probe)): 'custom_hooks.0.args.1' asks for lr, a floating-point number, "
            + "as int64; pass it as double, float")
        let text = try error(probe, probe.hook("probe_text", at: "after_train_iter", args: ["double:mode"]))
        #expect(text == "\(config(probe)): 'custom_hooks.0.args.0' asks for mode, text, as double; pass it as string")
    }

    @Test func anUnknownPointListsThePoints() throws {
        let probe = try ClosureProbe()
        let message = try error(probe, probe.hook("probe_nothing", at: "after_trian_iter", args: []))
        #expect(message == "\(config(probe)): 'custom_hooks.0.point' is 'after_trian_iter', not a hook point (known: "
            + "before_run, before_epoch, before_train_epoch, before_iter, before_train_iter, after_train_iter, "
            + "after_iter, after_train_epoch, before_val_epoch, before_val_iter, after_val_iter, after_val_epoch, "
            + "after_epoch, after_run)")
    }

    @Test func aLibraryTheDynamicLinkerCannotFindIsNamedWithItsReason() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("f", at: "after_run", args: [], extra: ["library": "libpacer-no-such-library.so"])
        #expect(try error(probe, hook, options: TrainOptions(allowInsecurePlugins: true))
            == "\(config(probe)): 'custom_hooks.0.library' cannot be loaded: "
            + "libpacer-no-such-library.so: cannot open shared object file: No such file or directory")
    }

    @Test func aBareLibraryNameIsRefusedBecauseItsFolderCannotBeChecked() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("cos", at: "after_run", args: [], extra: ["library": "libm.so.6"])
        #expect(try error(probe, hook) == "\(config(probe)): 'custom_hooks.0.library' names no folder; give the library's "
            + "path (absolute, or relative to the config file) so it can be checked, or pass --allow-insecure-plugins")
    }

    @Test func aMissingLibraryPathIsNamedAbsolute() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("f", at: "after_run", args: [], extra: ["library": "./lib/missing.so"])
        #expect(try error(probe, hook) == "\(config(probe)): 'custom_hooks.0.library' names "
            + "\(probe.folder)/./lib/missing.so, which is not a file")
    }

    @Test func aFileThatIsNotALibraryIsNamedWithTheLoadersReason() throws {
        let probe = try ClosureProbe()
        try "not a library".write(toFile: probe.folder + "/libtext.so", atomically: true, encoding: .utf8)
        let hook = probe.hook("f", at: "after_run", args: [], extra: ["library": "./libtext.so"])
        let message = try error(probe, hook)
        #expect(message.hasPrefix("\(config(probe)): 'custom_hooks.0.library' cannot be loaded: "
            + "\(probe.folder)/libtext.so: "))
        #expect(!message.contains("\n"))
    }

    @Test func aSymbolTheLibraryDoesNotExportIsNamed() throws {
        let probe = try ClosureProbe()
        let message = try error(probe, probe.hook("probe_missing", at: "after_train_iter", args: []))
        #expect(message == "\(config(probe)): 'custom_hooks.0.symbol' is 'probe_missing', which \(probe.library) "
            + "does not export")
    }

    @Test func anUnsupportedReturnTypeIsNamed() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("probe_stop", at: "after_train_iter", args: ["iter"], extra: ["returns": "double"])
        #expect(try error(probe, hook) == "\(config(probe)): 'custom_hooks.0.returns' is 'double'; "
            + "it must be 'void' or 'int'")
    }

    @Test func anUnknownKeyListsTheOptions() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("probe_nothing", at: "after_run", args: [], extra: ["every": 2])
        #expect(try error(probe, hook) == "\(config(probe)): 'custom_hooks.0.every' is not an option of ClosureHook "
            + "(options: type, priority, library, symbol, point, args, returns)")
    }

    @Test func aLibraryOthersMayWriteIsRefusedUnlessInsecurePluginsAreAllowed() throws {
        let probe = try ClosureProbe()
        chmod(probe.library, 0o775)
        let hook = probe.hook("probe_nothing", at: "after_run", args: [])
        #expect(try error(probe, hook) == "\(config(probe)): 'custom_hooks.0.library' is refused: \(probe.library) "
            + "is writable by group or others (chmod go-w it, or pass --allow-insecure-plugins)")
        let session = try probe.session(hooks: [hook], options: TrainOptions(allowInsecurePlugins: true))
        #expect(session.runner.hooks.all.contains { $0.hook is ClosureHook })
    }
}
