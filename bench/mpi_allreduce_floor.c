/*
 * The floor for Pacer's gradient all-reduce: Open MPI's own MPI_Allreduce
 * (sum, in place) of COUNT floats, the bytes one train step of a model
 * moves, timed over ITERS calls after WARMUP untimed ones. Rank 0 prints
 * the mean milliseconds per call. Built and run by bench/mpi.sh.
 *
 *   mpicc -O2 bench/mpi_allreduce_floor.c -o floor && mpirun -np 2 ./floor COUNT ITERS
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  long count = argc > 1 ? atol(argv[1]) : 1 << 20;
  int iters = argc > 2 ? atoi(argv[2]) : 200;
  float *buffer = malloc((size_t)count * sizeof *buffer);
  for (long i = 0; i < count; i++) buffer[i] = (float)(i % 7) * 0.25f;
  for (int i = 0; i < 10; i++) MPI_Allreduce(MPI_IN_PLACE, buffer, (int)count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD);
  double start = MPI_Wtime();
  for (int i = 0; i < iters; i++) MPI_Allreduce(MPI_IN_PLACE, buffer, (int)count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  double seconds = MPI_Wtime() - start;
  if (rank == 0) printf("%ld floats: %.3f ms per MPI_Allreduce (mean of %d)\n", count, 1e3 * seconds / iters, iters);
  free(buffer);
  MPI_Finalize();
  return 0;
}
