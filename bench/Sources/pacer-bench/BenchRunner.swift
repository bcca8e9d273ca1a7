import Pacer
import PacerPlugins

/// Runners over the no-op model plugin with some number of no-op hook
/// plugins registered, built the way a training session builds them.
struct BenchRunner {
    let catalog: PluginCatalog
    let folder: String

    /// The plugins compiled into `folder`, loaded through the normal loader.
    init(folder: String) throws {
        self.folder = folder
        catalog = try PluginCatalog(searchPath: PluginSearchPath(directories: [folder], bundledDirectory: nil))
    }

    /// An IterBasedRunner of `maxIters` over a fresh no-op model instance
    /// with a fresh instance of each of the first `hooks` no-op hooks.
    func make(hooks: Int, maxIters: Int) throws -> IterBasedRunner {
        let model = try PluginModel(plugin("NoopModel"), config: PluginConfigView([:]))
        let runner = IterBasedRunner(model: model, optimizer: nil, workDir: folder, timestamp: "bench",
                                     maxIters: maxIters)
        for type in BenchFixtures.hookTypes(hooks) {
            runner.registerHook(try PluginHook(plugin(type), config: PluginConfigView([:])))
        }
        return runner
    }

    private func plugin(_ type: String) throws -> PluginDescriptor {
        guard let plugin = catalog.plugin(named: type) else { throw BenchError.setup("plugin \(type) not loaded") }
        return plugin
    }
}
