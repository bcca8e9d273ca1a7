/*
 * Plain C functions for the ClosureHook tests: an ordinary library, not a
 * Pacer plugin. Each function appends one line with its arguments to the
 * file PROBE_OUT (a define, so every test builds its own copy and the
 * tests can run in parallel); floating-point values are printed with %a,
 * exactly. Built by the tests with
 *   cc -shared -fPIC -DPROBE_OUT='"/tmp/.../calls"' closure_probe.c -o libprobe.so
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#ifndef PROBE_OUT
#error "define PROBE_OUT as the path of the output file"
#endif

static void record(const char *format, ...) {
  FILE *out = fopen(PROBE_OUT, "a");
  if (!out) return;
  va_list args;
  va_start(args, format);
  vfprintf(out, format, args);
  va_end(args);
  fputc('\n', out);
  fclose(out);
}

void probe_counters(int64_t epoch, int64_t iter, int64_t inner_iter, int64_t max_epochs, int64_t max_iters,
                    int64_t iters_per_epoch, int64_t num_samples) {
  record("%lld %lld %lld %lld %lld %lld %lld", (long long)epoch, (long long)iter, (long long)inner_iter,
         (long long)max_epochs, (long long)max_iters, (long long)iters_per_epoch, (long long)num_samples);
}

void probe_reals(double lr, double momentum, double loss, double accuracy, double averaged) {
  record("%a %a %a %a %a", lr, momentum, loss, accuracy, averaged);
}

void probe_narrow(int32_t iter, float lr, float loss, double iter_as_double) {
  record("%d %a %a %a", iter, (double)lr, (double)loss, iter_as_double);
}

void probe_text(const char *mode, const char *work_dir, const char *timestamp) {
  record("[%s] [%s] [%s]", mode, work_dir, timestamp);
}

int probe_stop(int64_t iter) {
  record("%lld", (long long)iter);
  return iter == 5 ? 3 : 0;
}

void probe_nothing(void) { record("called"); }
