/* Dropout with a checkpointed stream, and the random numbers the network
 * draws its initial weights from; see layers.h. */
#include <math.h>
#include <string.h>

#include "layers.h"

/* splitmix64's increment: the stream after k draws is its start + k * GOLDEN. */
#define GOLDEN 0x9e3779b97f4a7c15u

uint64_t pl_next(uint64_t *state) {
  uint64_t z = (*state += GOLDEN);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

void pl_skip(uint64_t *state, uint64_t draws) { *state += draws * GOLDEN; }

/* Uniform in [0, 1) with 24 bits. */
static float unit(uint64_t *state) { return (float)(pl_next(state) >> 40) * 0x1.0p-24f; }

float pl_uniform(uint64_t *state, float bound) { return (2.0f * unit(state) - 1.0f) * bound; }

float pl_normal(uint64_t *state, float std) {
  const double u = ((double)(pl_next(state) >> 11) + 0.5) * 0x1.0p-53; /* (0, 1): log is finite */
  const double v = (double)(pl_next(state) >> 11) * 0x1.0p-53;
  return (float)(std * sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v));
}

void pl_dropout_forward(float p, uint64_t *stream, const float *restrict x, float *restrict y,
                        uint8_t *restrict mask, size_t count, int training) {
  if (!training || p <= 0.0f) {
    memcpy(y, x, sizeof(float) * count);
    return;
  }
  const float scale = p < 1.0f ? 1.0f / (1.0f - p) : 0.0f;
  for (size_t i = 0; i < count; i++) {
    mask[i] = unit(stream) >= p;
    y[i] = mask[i] ? x[i] * scale : 0.0f;
  }
}

void pl_dropout_backward(float p, const uint8_t *restrict mask, const float *restrict dy, float *restrict dx,
                         size_t count, int training) {
  if (!training || p <= 0.0f) {
    for (size_t i = 0; i < count; i++) dx[i] += dy[i];
    return;
  }
  const float scale = p < 1.0f ? 1.0f / (1.0f - p) : 0.0f;
  for (size_t i = 0; i < count; i++) dx[i] += mask[i] ? dy[i] * scale : 0.0f;
}
