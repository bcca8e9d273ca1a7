/// `pacer_build_commit()` (declared in CPacerBuildCommit's header): the
/// NUL-terminated `buildCommit` that the BuildCommit package plugin
/// generates beside this file. Nothing imports this module; the Pacer
/// module links it and calls the C symbol, so a new stamp recompiles only
/// this module.
@c(pacer_build_commit)
public func pacerBuildCommit() -> UnsafePointer<CChar> {
    UnsafeRawPointer(buildCommit.utf8Start).assumingMemoryBound(to: CChar.self)
}
