/*
 * mk_team.h: a fixed team of threads that runs one function on every member
 * at once, for a model plugin's steps: each member works on its slice of
 * the batch with OpenBLAS held at one thread (mk_team_run), so the
 * members never wait on each other inside a product. The caller is member
 * 0; members 1..size-1 are threads the team owns for its whole life, asleep
 * between jobs. A member waits at a barrier or for the next job by spinning
 * briefly and then sleeping on a futex, so a team neither burns the cores
 * the data loader needs nor pays a system call per wait when the members
 * keep pace. The CNN and ImageClassifier plugins run their steps on one.
 */
#ifndef PACER_MK_TEAM_H
#define PACER_MK_TEAM_H

/* job(context, member, size), run once on every member of the team. */
typedef void (*mk_team_job)(void *context, int member, int size);

/* An opaque team of threads. */
typedef struct mk_team mk_team;

/* A team of `size` members (size - 1 new threads); NULL when size < 2 or
 * the threads cannot be started. */
mk_team *mk_team_new(int size);
/* Stops and joins the threads; NULL is allowed. */
void mk_team_free(mk_team *team);
/* The members of the team; 1 for NULL. */
int mk_team_size(const mk_team *team);
/* Runs job on every member with OpenBLAS held at one thread, and returns
 * when all have finished; with a NULL team, runs job(context, 0, 1) on the
 * caller with OpenBLAS as the user set it. Only one thread may run jobs on
 * a team at a time. The hold is counted over the library's teams: the last
 * job to finish gives OpenBLAS back mk_blas_threads(). The setting is
 * process-wide, and OpenBLAS's results depend on it in the last bits: a
 * model is deterministic for a given thread count only while nothing else
 * in the process changes it (another library's model running at the same
 * time may). */
void mk_team_run(mk_team *team, mk_team_job job, void *context);
/* Inside a job: returns once every member has reached it. */
void mk_team_barrier(mk_team *team);

/* The threads OpenBLAS was set to use before any plugin held it at one
 * (OPENBLAS_NUM_THREADS, else the cores), between 1 and 64; read once. */
int mk_blas_threads(void);

#endif /* PACER_MK_TEAM_H */
