/*
 * pacer/comm.h (ABI 1.1): a communication backend, the kind that joins the
 * N processes of a distributed run (`mpirun -np N pacer train CONFIG
 * --launcher mpi`) and moves bytes between them. The host never links a
 * communication library: it loads the plugin the config's
 * `dist_params=dict(backend=...)` names (Plugins/MPIComm, on Open MPI, by
 * default) and calls it through this vtable.
 *
 * One instance per process, created when the run starts and destroyed
 * after finalize (or never, after abort). Every call is [runner]: on the
 * runner thread, never concurrently, and every collective is entered by
 * every rank in the same order with matching arguments (the same count and
 * dtype for all_reduce_sum, the same size and root for broadcast); the
 * host guarantees that, because every rank runs the same loop over the
 * same number of batches.
 *
 * Buffers: every buffer is host-owned, borrowed for the duration of the
 * call, and never kept. all_reduce_sum and broadcast work in place;
 * all_gather hands the plugin-owned received bytes to a host callback,
 * valid only until that callback returns, so no allocation crosses the
 * boundary in either direction.
 *
 * Errors: a call returns PACER_OK, or an error status after
 * pacer_host_api.error_set(err, ...) with one line naming the operation
 * and the backend's own message. The host then reports the line prefixed
 * with "rank R:" and calls abort, which must end every rank.
 *
 * When a rank fails: a rank that fails on its own (bad data, a plugin
 * error, a Swift error) writes its error line and calls abort, which ends
 * the whole job (MPI_Abort on MPI_COMM_WORLD); a rank that dies without
 * calling abort (SIGKILL, a crash) must still end the job: a backend
 * relies on its launcher for that (mpirun kills every rank when one exits
 * abnormally) and never lets a collective wait forever on a dead peer.
 * Files: only rank 0 writes, and it writes checkpoints atomically (a
 * temporary file renamed into place), so a job ended at any moment leaves
 * only whole checkpoints.
 */
#ifndef PACER_COMM_H
#define PACER_COMM_H

#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Where this process sits in the job, filled by join. An output struct:
 *  the host owns it, zeroes it and sets struct_size; the plugin writes at
 *  most struct_size bytes. */
typedef struct pacer_comm_info {
  /** Set by the host to sizeof(its pacer_comm_info). */
  uint32_t struct_size;
  /** Reserved: 0. */
  uint32_t reserved0;
  /** This process's rank, in 0..world_size-1; rank 0 writes every file. */
  int32_t rank;
  /** Number of processes in the job (>= 1). */
  int32_t world_size;
  /** This process's rank among those on the same machine, and their
   *  number (OMPI_COMM_WORLD_LOCAL_RANK/SIZE); 0 and 1 when unknown. */
  int32_t local_rank;
  int32_t local_size;
} pacer_comm_info;

/** Receives rank `rank`'s bytes during pacer_comm_vtable.all_gather,
 *  called once per rank in rank order 0..world_size-1 (this rank's own
 *  bytes included). `bytes` (NULL when `size` is 0) is plugin-owned and
 *  valid only until the callback returns; copy what you keep. `receiver`
 *  is the pointer the caller passed to all_gather. Returns PACER_OK, or an
 *  error status that all_gather returns after the remaining ranks' bytes
 *  have been skipped. */
typedef pacer_status (*pacer_comm_receive_fn)(void *receiver, int32_t rank, const void *bytes, uint64_t size);

/** The communication vtable. Static storage in the plugin, pointed to by
 *  pacer_plugin_desc.vtable; the host copies it once when the library is
 *  loaded. Every function is required (never NULL) and [runner]. `self`
 *  is what create() stored; `err` is host-owned and valid until return. */
typedef struct pacer_comm_vtable {
  /** sizeof(pacer_comm_vtable) as known to the plugin. */
  uint32_t struct_size;
  /** Reserved: 0, ignored by 1.x hosts. */
  uint32_t reserved0;
  /** Joins the job (MPI_Init) and fills `inout` (host-owned, see
   *  pacer_comm_info). Called once, first, before any other function;
   *  collective: it returns when every rank has joined. */
  pacer_status (*join)(void *self, pacer_comm_info *inout, pacer_error *err);
  /** Sums `count` elements of `buffer` across every rank, in place: on
   *  return every rank's buffer holds the same sums, bit for bit.
   *  `dtype` is PACER_DTYPE_F32 or PACER_DTYPE_F64 (others:
   *  PACER_E_INVALID_ARG). `buffer` is host-owned, borrowed for the call. */
  pacer_status (*all_reduce_sum)(void *self, void *buffer, uint64_t count, uint32_t dtype, pacer_error *err);
  /** Copies `size` bytes of `buffer` on rank `root` into `buffer` on every
   *  other rank, in place. `buffer` is host-owned, borrowed for the call. */
  pacer_status (*broadcast)(void *self, void *buffer, uint64_t size, int32_t root, pacer_error *err);
  /** Gathers every rank's `size` bytes at `bytes` (host-owned, borrowed;
   *  sizes may differ between ranks) and hands each rank's bytes, in rank
   *  order, to `receive(receiver, rank, ...)` on every rank. */
  pacer_status (*all_gather)(void *self, const void *bytes, uint64_t size, pacer_comm_receive_fn receive,
                             void *receiver, pacer_error *err);
  /** Returns when every rank has entered it. */
  pacer_status (*barrier)(void *self, pacer_error *err);
  /** Leaves the job cleanly (MPI_Finalize) after the last collective; the
   *  host then calls destroy(). Collective. */
  pacer_status (*finalize)(void *self, pacer_error *err);
  /** Ends every rank of the job now, with `exit_code` as the job's status
   *  (MPI_Abort): what the host calls after a rank's error, having
   *  written the error line. `utf8_reason` (host-owned, borrowed) may be
   *  logged. Does not return when the backend can end the job; if it
   *  returns, the host exits with `exit_code`. */
  void (*abort)(void *self, int32_t exit_code, const char *utf8_reason);
} pacer_comm_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_COMM_H */
