/*
 * An LD_PRELOAD library for crash tests: interposes write(2) and, on the
 * N-th write to a checkpoint's temporary file ("*.safetensors.tmp-*", N from
 * PACER_KILL_AT_WRITE), writes half the bytes and kills the process with
 * SIGKILL, the way a power cut or the OOM killer would stop a run in the
 * middle of saving.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t count) {
  static ssize_t (*real_write)(int, const void *, size_t);
  static int checkpoint_writes;
  if (real_write == NULL) real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t length = readlink(link, path, sizeof path - 1);
  const char *target = getenv("PACER_KILL_AT_WRITE");
  if (length > 0 && target != NULL) {
    path[length] = '\0';
    if (strstr(path, ".safetensors.tmp-") != NULL && ++checkpoint_writes == atoi(target)) {
      real_write(fd, buf, count / 2);
      raise(SIGKILL);
    }
  }
  return real_write(fd, buf, count);
}
