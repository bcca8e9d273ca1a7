/* A team of threads with futex barriers; see mk_team.h. */
#define _GNU_SOURCE
#include "mk_team.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include <cblas.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Checks of a word before a waiter sleeps: about 20 microseconds, long
 * enough for a member that keeps pace, short enough to give the core up. */
enum { SPINS = 2000 };

struct mk_team {
  int size;
  pthread_t *threads;
  mk_team_job job;
  void *context;
  int stopping;
  _Atomic uint32_t jobs;    /* bumped to start a job */
  _Atomic uint32_t arrived; /* members at the current barrier */
  _Atomic uint32_t phase;   /* bumped when a barrier opens */
};

typedef struct member_start {
  mk_team *team;
  int member;
} member_start;

static void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Returns once *word differs from seen. */
static void wait_change(_Atomic uint32_t *word, uint32_t seen) {
  for (int i = 0; i < SPINS; i++) {
    if (atomic_load_explicit(word, memory_order_acquire) != seen) return;
    relax();
  }
  while (atomic_load_explicit(word, memory_order_acquire) == seen)
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static void wake_all(_Atomic uint32_t *word) {
  syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

void mk_team_barrier(mk_team *team) {
  const uint32_t phase = atomic_load_explicit(&team->phase, memory_order_acquire);
  if (atomic_fetch_add_explicit(&team->arrived, 1, memory_order_acq_rel) == (uint32_t)team->size - 1) {
    atomic_store_explicit(&team->arrived, 0, memory_order_relaxed);
    atomic_store_explicit(&team->phase, phase + 1, memory_order_release);
    wake_all(&team->phase);
  } else {
    wait_change(&team->phase, phase);
  }
}

static void *member_main(void *argument) {
  member_start *start = argument;
  mk_team *team = start->team;
  const int member = start->member;
  free(start);
  uint32_t seen = 0;
  for (;;) {
    wait_change(&team->jobs, seen);
    seen = atomic_load_explicit(&team->jobs, memory_order_acquire);
    if (team->stopping) return NULL;
    team->job(team->context, member, team->size);
    mk_team_barrier(team);
  }
}

mk_team *mk_team_new(int size) {
  if (size < 2) return NULL;
  mk_team *team = calloc(1, sizeof *team);
  if (team == NULL) return NULL;
  team->threads = calloc((size_t)size, sizeof *team->threads);
  if (team->threads == NULL) {
    free(team);
    return NULL;
  }
  team->size = 1;
  for (int m = 1; m < size; m++) {
    member_start *start = malloc(sizeof *start);
    if (start == NULL) break;
    *start = (member_start){team, m};
    if (pthread_create(&team->threads[m], NULL, member_main, start) != 0) {
      free(start);
      break;
    }
    team->size++;
  }
  if (team->size < size) {
    mk_team_free(team);
    return NULL;
  }
  return team;
}

void mk_team_free(mk_team *team) {
  if (team == NULL) return;
  team->stopping = 1;
  atomic_fetch_add_explicit(&team->jobs, 1, memory_order_release);
  wake_all(&team->jobs);
  for (int m = 1; m < team->size; m++) pthread_join(team->threads[m], NULL);
  free(team->threads);
  free(team);
}

int mk_team_size(const mk_team *team) { return team == NULL ? 1 : team->size; }

/* OpenBLAS's own thread count is at most this many. */
enum { MAX_BLAS_THREADS = 64 };

int mk_blas_threads(void) {
  static _Atomic int threads = 0;
  int known = atomic_load(&threads);
  if (known == 0) {
    known = openblas_get_num_threads();
    if (known < 1) known = 1;
    if (known > MAX_BLAS_THREADS) known = MAX_BLAS_THREADS;
    int expected = 0;
    if (!atomic_compare_exchange_strong(&threads, &expected, known)) known = expected;
  }
  return known;
}

/* Guards holders. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
/* Jobs of this library running with OpenBLAS held at one thread. */
static int holders = 0;

/* Holds OpenBLAS at one thread until the matching blas_release; the last
 * release of this library's concurrent holds gives it back mk_blas_threads(). */
static void blas_hold(void) {
  pthread_mutex_lock(&hold_lock);
  if (holders++ == 0) openblas_set_num_threads(1);
  pthread_mutex_unlock(&hold_lock);
}

/* Ends a hold of blas_hold. */
static void blas_release(void) {
  pthread_mutex_lock(&hold_lock);
  if (--holders == 0) openblas_set_num_threads(mk_blas_threads());
  pthread_mutex_unlock(&hold_lock);
}

void mk_team_run(mk_team *team, mk_team_job job, void *context) {
  if (team == NULL) {
    job(context, 0, 1);
    return;
  }
  blas_hold();
  team->job = job;
  team->context = context;
  atomic_fetch_add_explicit(&team->jobs, 1, memory_order_release);
  wake_all(&team->jobs);
  job(context, 0, team->size);
  mk_team_barrier(team);
  blas_release();
}
