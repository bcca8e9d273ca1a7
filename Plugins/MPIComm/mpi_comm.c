/*
 * MPIComm: the Open MPI communication backend (pacer/comm.h), what
 * `pacer train CONFIG --launcher mpi` joins under `mpirun -np N`.
 *
 * Built by its own Makefile (not by `swift build`), so Pacer builds and
 * tests without Open MPI; the host never links MPI, only this library does.
 *
 * Every collective runs on a duplicate of MPI_COMM_WORLD whose error
 * handler returns errors (MPI_ERRORS_RETURN), so a failing call becomes a
 * status and one line with Open MPI's own message; the host then calls
 * abort, which is MPI_Abort on MPI_COMM_WORLD and ends every rank. A rank
 * killed outright is mpirun's to notice: it ends the job and names the
 * rank. Buffers larger than an MPI count (2^31 - 1 elements) are moved in
 * chunks.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>
#include <pacer/pacer.h>

/* The registry name: in configs, and before every error message. */
#define TYPE_NAME "MPIComm"

/* The most elements one MPI call moves. */
#define CHUNK ((uint64_t)INT_MAX)

typedef struct mpi_comm {
  const pacer_host_api *api;
  MPI_Comm comm;    /* the duplicate of MPI_COMM_WORLD every collective uses */
  int32_t joined;   /* join succeeded: finalize and the collectives may run */
  int32_t owns_mpi; /* this plugin called MPI_Init, so it calls MPI_Finalize */
} mpi_comm;

/* Turns an MPI return code into PACER_OK or an error naming `what`. */
static pacer_status check(const mpi_comm *self, pacer_error *err, int rc, const char *what) {
  if (rc == MPI_SUCCESS) return PACER_OK;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(rc, text, &length) != MPI_SUCCESS) snprintf(text, sizeof text, "MPI error %d", rc);
  return pacer_fail(self->api, err, PACER_E_FAILED, TYPE_NAME, "%s failed: %s", what, text);
}

static pacer_status require_joined(const mpi_comm *self, pacer_error *err, const char *what) {
  if (self->joined) return PACER_OK;
  return pacer_fail(self->api, err, PACER_E_STATE, TYPE_NAME, "%s called before join or after finalize", what);
}

static int32_t env_int(const char *name, int32_t fallback) {
  const char *value = getenv(name);
  if (value == NULL || *value == '\0') return fallback;
  char *end = NULL;
  long parsed = strtol(value, &end, 10);
  return (*end == '\0' && parsed >= 0 && parsed <= INT32_MAX) ? (int32_t)parsed : fallback;
}

static pacer_status comm_join(void *opaque, pacer_comm_info *inout, pacer_error *err) {
  mpi_comm *self = opaque;
  if (self->joined) return pacer_fail(self->api, err, PACER_E_STATE, TYPE_NAME, "join called twice");
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    /* The host opened this library RTLD_LOCAL, so libmpi's symbols are
     * hidden from the components Open MPI itself dlopens; make them
     * global first (what mpi4py does too). */
    Dl_info where;
    if (dladdr((void *)MPI_Init_thread, &where) != 0 && where.dli_fname != NULL) {
      dlopen(where.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    }
    int provided = 0;
    /* SERIALIZED: the runner thread calls, never two threads at once, and
     * it need not be the thread that started the process. */
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
      return pacer_fail(self->api, err, PACER_E_FAILED, TYPE_NAME,
                        "MPI_Init_thread failed (is this process started by mpirun?)");
    }
    self->owns_mpi = 1;
  }
  pacer_status status = check(self, err, MPI_Comm_dup(MPI_COMM_WORLD, &self->comm), "MPI_Comm_dup");
  if (status != PACER_OK) return status;
  MPI_Comm_set_errhandler(self->comm, MPI_ERRORS_RETURN);
  int rank = 0, size = 1;
  MPI_Comm_rank(self->comm, &rank);
  MPI_Comm_size(self->comm, &size);
  self->joined = 1;
  if (inout != NULL && PACER_HAS_FIELD(inout, pacer_comm_info, local_size)) {
    inout->rank = rank;
    inout->world_size = size;
    inout->local_rank = env_int("OMPI_COMM_WORLD_LOCAL_RANK", 0);
    inout->local_size = env_int("OMPI_COMM_WORLD_LOCAL_SIZE", 1);
  } else {
    return pacer_fail(self->api, err, PACER_E_ABI, TYPE_NAME,
                      "pacer_comm_info is missing or smaller than this plugin's");
  }
  return PACER_OK;
}

static pacer_status comm_all_reduce_sum(void *opaque, void *buffer, uint64_t count, uint32_t dtype,
                                        pacer_error *err) {
  mpi_comm *self = opaque;
  pacer_status status = require_joined(self, err, "all_reduce_sum");
  if (status != PACER_OK) return status;
  MPI_Datatype type;
  size_t element;
  if (dtype == PACER_DTYPE_F32) {
    type = MPI_FLOAT;
    element = sizeof(float);
  } else if (dtype == PACER_DTYPE_F64) {
    type = MPI_DOUBLE;
    element = sizeof(double);
  } else {
    return pacer_fail(self->api, err, PACER_E_INVALID_ARG, TYPE_NAME,
                      "all_reduce_sum: dtype %u is neither F32 nor F64", dtype);
  }
  if (count > 0 && buffer == NULL)
    return pacer_fail(self->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "all_reduce_sum: NULL buffer");
  for (uint64_t done = 0; done < count; done += CHUNK) {
    uint64_t n = count - done < CHUNK ? count - done : CHUNK;
    status = check(self, err, MPI_Allreduce(MPI_IN_PLACE, (char *)buffer + done * element, (int)n, type,
                                            MPI_SUM, self->comm), "MPI_Allreduce");
    if (status != PACER_OK) return status;
  }
  return PACER_OK;
}

static pacer_status comm_broadcast(void *opaque, void *buffer, uint64_t size, int32_t root, pacer_error *err) {
  mpi_comm *self = opaque;
  pacer_status status = require_joined(self, err, "broadcast");
  if (status != PACER_OK) return status;
  if (size > 0 && buffer == NULL)
    return pacer_fail(self->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "broadcast: NULL buffer");
  for (uint64_t done = 0; done < size; done += CHUNK) {
    uint64_t n = size - done < CHUNK ? size - done : CHUNK;
    status = check(self, err, MPI_Bcast((char *)buffer + done, (int)n, MPI_BYTE, root, self->comm), "MPI_Bcast");
    if (status != PACER_OK) return status;
  }
  return PACER_OK;
}

static pacer_status comm_all_gather(void *opaque, const void *bytes, uint64_t size, pacer_comm_receive_fn receive,
                                    void *receiver, pacer_error *err) {
  mpi_comm *self = opaque;
  pacer_status status = require_joined(self, err, "all_gather");
  if (status != PACER_OK) return status;
  if (receive == NULL)
    return pacer_fail(self->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "all_gather: NULL receive callback");
  int ranks = 1;
  MPI_Comm_size(self->comm, &ranks);
  uint64_t *sizes = calloc((size_t)ranks, sizeof *sizes);
  int *counts = calloc((size_t)ranks, sizeof *counts);
  int *offsets = calloc((size_t)ranks, sizeof *offsets);
  char *all = NULL;
  if (sizes == NULL || counts == NULL || offsets == NULL) {
    status = pacer_fail(self->api, err, PACER_E_NO_MEMORY, TYPE_NAME, "all_gather: out of memory for %d ranks", ranks);
    goto done;
  }
  status = check(self, err, MPI_Allgather(&size, 1, MPI_UINT64_T, sizes, 1, MPI_UINT64_T, self->comm),
                 "MPI_Allgather (sizes)");
  if (status != PACER_OK) goto done;
  uint64_t total = 0;
  for (int r = 0; r < ranks; r++) {
    offsets[r] = (int)total;
    counts[r] = (int)sizes[r];
    total += sizes[r];
    if (total > CHUNK) {
      status = pacer_fail(self->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "all_gather: %llu bytes in all exceed 2 GiB",
                          (unsigned long long)total);
      goto done;
    }
  }
  all = malloc(total > 0 ? (size_t)total : 1);
  if (all == NULL) {
    status = pacer_fail(self->api, err, PACER_E_NO_MEMORY, TYPE_NAME, "all_gather: out of memory for %llu bytes",
                        (unsigned long long)total);
    goto done;
  }
  status = check(self, err, MPI_Allgatherv(bytes, (int)size, MPI_BYTE, all, counts, offsets, MPI_BYTE, self->comm),
                 "MPI_Allgatherv");
  if (status != PACER_OK) goto done;
  for (int r = 0; r < ranks; r++) {
    pacer_status received = receive(receiver, r, sizes[r] > 0 ? all + offsets[r] : NULL, sizes[r]);
    if (received != PACER_OK && status == PACER_OK) {
      status = pacer_fail(self->api, err, received, TYPE_NAME, "all_gather: the host refused rank %d's %llu bytes", r,
                          (unsigned long long)sizes[r]);
    }
  }
done:
  free(all);
  free(offsets);
  free(counts);
  free(sizes);
  return status;
}

static pacer_status comm_barrier(void *opaque, pacer_error *err) {
  mpi_comm *self = opaque;
  pacer_status status = require_joined(self, err, "barrier");
  if (status != PACER_OK) return status;
  return check(self, err, MPI_Barrier(self->comm), "MPI_Barrier");
}

static pacer_status comm_finalize(void *opaque, pacer_error *err) {
  mpi_comm *self = opaque;
  pacer_status status = require_joined(self, err, "finalize");
  if (status != PACER_OK) return status;
  self->joined = 0;
  MPI_Comm_free(&self->comm);
  if (self->owns_mpi) return check(self, err, MPI_Finalize(), "MPI_Finalize");
  return PACER_OK;
}

static void comm_abort(void *opaque, int32_t exit_code, const char *utf8_reason) {
  (void)opaque;
  (void)utf8_reason; /* the host has printed it */
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized && !finalized) MPI_Abort(MPI_COMM_WORLD, exit_code);
}

static pacer_status comm_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                void **out_self, pacer_error *err) {
  (void)desc;
  (void)cfg;
  mpi_comm *self = calloc(1, sizeof *self);
  if (self == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  self->api = api;
  self->comm = MPI_COMM_NULL;
  *out_self = self;
  return PACER_OK;
}

static void comm_destroy(void *opaque) { free(opaque); }

static const pacer_comm_vtable mpi_comm_vtable = {
    .struct_size = sizeof(pacer_comm_vtable),
    .join = comm_join,
    .all_reduce_sum = comm_all_reduce_sum,
    .broadcast = comm_broadcast,
    .all_gather = comm_all_gather,
    .barrier = comm_barrier,
    .finalize = comm_finalize,
    .abort = comm_abort,
};

static const pacer_plugin_desc mpi_comm_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_COMM,
    .type_name = TYPE_NAME, .version = "1.0.0",
    .description = "Open MPI communication backend for `pacer train --launcher mpi`",
    .default_priority = PACER_PRIORITY_NORMAL,
    .required_features = 0,
    .create = comm_create,
    .destroy = comm_destroy,
    .vtable = &mpi_comm_vtable,
    .option_count = 0,
    .options = NULL,
};

PACER_LIBRARY(&mpi_comm_desc)
