#ifndef PACER_BUILD_COMMIT_H
#define PACER_BUILD_COMMIT_H

/** The git commit this build of Pacer was made from: 12 hex digits, with
 *  "-dirty" when tracked files differed from it, or "unknown" outside a git
 *  checkout. Static, NUL-terminated, never NULL. Defined by the
 *  PacerBuildCommit target from the stamp the BuildCommit package plugin
 *  writes; declared here, in a header that never changes, so that a new
 *  stamp recompiles PacerBuildCommit alone and relinks, and no module that
 *  imports Pacer is compiled again. Host-internal: not part of the plugin
 *  ABI. */
const char *pacer_build_commit(void);

#endif /* PACER_BUILD_COMMIT_H */
