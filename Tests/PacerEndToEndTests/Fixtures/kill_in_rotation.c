/*
 * An LD_PRELOAD library for crash tests: interposes rename(2) and unlink(2)
 * and kills the process with SIGKILL at one point of a checkpoint's
 * rotation (write, then point latest, then prune), chosen by environment:
 *
 *   PACER_KILL_AFTER_RENAME=N  right after the N-th checkpoint is renamed
 *                              into place, before latest is re-pointed;
 *   PACER_KILL_BEFORE_LINK=N   just before the N-th re-pointing of latest;
 *   PACER_KILL_AT_PRUNE=N      just before the N-th checkpoint is removed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ends_with(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && strcmp(text + n - m, suffix) == 0;
}

static int is_checkpoint(const char *path) {
  const char *name = strrchr(path, '/');
  name = name == NULL ? path : name + 1;
  return name[0] != '.' && ends_with(name, ".safetensors") && strcmp(name, "latest.safetensors") != 0;
}

static int reached(const char *variable, int *count) {
  const char *target = getenv(variable);
  return target != NULL && ++*count == atoi(target);
}

int rename(const char *from, const char *to) {
  static int (*real_rename)(const char *, const char *);
  static int checkpoints, links;
  if (real_rename == NULL) real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  if (ends_with(to, "/latest.safetensors") && reached("PACER_KILL_BEFORE_LINK", &links)) raise(SIGKILL);
  int result = real_rename(from, to);
  if (result == 0 && is_checkpoint(to) && reached("PACER_KILL_AFTER_RENAME", &checkpoints)) raise(SIGKILL);
  return result;
}

int unlink(const char *path) {
  static int (*real_unlink)(const char *);
  static int removals;
  if (real_unlink == NULL) real_unlink = (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");
  if (is_checkpoint(path) && reached("PACER_KILL_AT_PRUNE", &removals)) raise(SIGKILL);
  return real_unlink(path);
}
