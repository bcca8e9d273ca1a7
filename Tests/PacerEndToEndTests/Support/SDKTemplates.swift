import Foundation

/// Builds plugin-sdk/templates the way their READMEs tell a plugin author
/// to: from a copy of plugin-sdk alone, in a folder outside this
/// repository, with make, pkg-config, cc and swiftc, and no SwiftPM.
enum SDKTemplates {
    /// Copies plugin-sdk to `folder/sdk`, leaving out anything a build of
    /// the templates may have left in the repository, and returns the copy.
    static func copySDK(into folder: String) throws -> String {
        let copy = folder + "/sdk"
        try check(Fixtures.run("/usr/bin/env", ["cp", "-R", Fixtures.packageRoot + "/plugin-sdk", copy]))
        try check(Fixtures.run("/usr/bin/env", ["find", copy + "/templates", "(", "-name", ".build", "-o",
                                                 "-name", "*.so", ")", "-prune", "-exec", "rm", "-rf", "{}", "+"]))
        return copy
    }

    /// The C template, copied out of `sdk` to `folder/c-hook` and built with
    /// its Makefile after `make -C sdk install PREFIX=folder/prefix`; then
    /// installed with `make install PLUGIN_DIR=pluginDir`. Returns the
    /// installed library.
    static func buildC(sdk: String, in folder: String, pluginDir: String) throws -> String {
        let project = folder + "/c-hook", prefix = folder + "/prefix"
        try check(Fixtures.run("/usr/bin/env", ["cp", "-R", sdk + "/templates/c", project]))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", sdk, "install", "PREFIX=" + prefix]))
        let environment = ["PKG_CONFIG_PATH": prefix + "/share/pkgconfig"]
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project], environment: environment))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "install", "PLUGIN_DIR=" + pluginDir],
                               environment: environment))
        return pluginDir + "/libexample_hook.so"
    }

    /// The C dataset template (templates/c-dataset), copied out of `sdk` to
    /// `folder/c-dataset` and built and installed like ``buildC(sdk:in:pluginDir:)``.
    /// Returns the installed library.
    static func buildCDataset(sdk: String, in folder: String, pluginDir: String) throws -> String {
        let project = folder + "/c-dataset", prefix = folder + "/prefix"
        try check(Fixtures.run("/usr/bin/env", ["cp", "-R", sdk + "/templates/c-dataset", project]))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", sdk, "install", "PREFIX=" + prefix]))
        let environment = ["PKG_CONFIG_PATH": prefix + "/share/pkgconfig"]
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "CFLAGS=-O2 -Werror"], environment: environment))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "install", "PLUGIN_DIR=" + pluginDir],
                               environment: environment))
        return pluginDir + "/libidx_dataset.so"
    }

    /// The C model template (templates/c-model), copied out of `sdk` to
    /// `folder/c-model` and built and installed like ``buildCDataset(sdk:in:pluginDir:)``.
    /// Returns the installed library.
    static func buildCModel(sdk: String, in folder: String, pluginDir: String) throws -> String {
        let project = folder + "/c-model", prefix = folder + "/prefix"
        try check(Fixtures.run("/usr/bin/env", ["cp", "-R", sdk + "/templates/c-model", project]))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", sdk, "install", "PREFIX=" + prefix]))
        let environment = ["PKG_CONFIG_PATH": prefix + "/share/pkgconfig"]
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "CFLAGS=-O2 -Werror"], environment: environment))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "install", "PLUGIN_DIR=" + pluginDir],
                               environment: environment))
        return pluginDir + "/libexample_model.so"
    }

    /// The Swift template, copied out of `sdk` to `folder/swift-hook` and
    /// built with `make PACER_SDK=sdk`, then installed into `pluginDir`.
    /// Returns the installed library.
    static func buildSwift(sdk: String, in folder: String, pluginDir: String) throws -> String {
        let project = folder + "/swift-hook"
        try check(Fixtures.run("/usr/bin/env", ["cp", "-R", sdk + "/templates/swift", project]))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "PACER_SDK=" + sdk]))
        try check(Fixtures.run("/usr/bin/env", ["make", "-C", project, "install", "PACER_SDK=" + sdk,
                                                 "PLUGIN_DIR=" + pluginDir]))
        return pluginDir + "/libswift_example_hook.so"
    }

    private static func check(_ result: (status: Int32, output: String)) throws {
        guard result.status == 0 else { throw FixtureError.compileFailed(result.output) }
    }
}
