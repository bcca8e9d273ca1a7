/*
 * team.h: a fixed team of threads that runs one function on every member
 * at once, for the network's steps (network.c). The caller is member 0;
 * members 1..size-1 are threads the team owns for its whole life, asleep
 * between jobs. A member waits at a barrier or for the next job by
 * spinning briefly and then sleeping on a futex, so a team neither burns
 * the cores the data loader needs nor pays a system call per wait when
 * the members keep pace.
 */
#ifndef PACER_IMAGE_CLASSIFIER_TEAM_H
#define PACER_IMAGE_CLASSIFIER_TEAM_H

/* job(context, member, size), run once on every member of the team. */
typedef void (*pl_team_job)(void *context, int member, int size);

typedef struct pl_team pl_team;

/* A team of `size` members (size - 1 new threads); NULL when size < 2 or
 * the threads cannot be started. */
pl_team *pl_team_new(int size);
/* Stops and joins the threads; NULL is allowed. */
void pl_team_free(pl_team *team);
int pl_team_size(const pl_team *team);
/* Runs job on every member and returns when all have finished. Only one
 * thread may run jobs on a team at a time. */
void pl_team_run(pl_team *team, pl_team_job job, void *context);
/* Inside a job: returns once every member has reached it. */
void pl_team_barrier(pl_team *team);

#endif /* PACER_IMAGE_CLASSIFIER_TEAM_H */
