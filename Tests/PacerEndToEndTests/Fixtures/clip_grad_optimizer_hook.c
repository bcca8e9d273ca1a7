/*
 * ClipGradOptimizerHook: an optimizer hook plugin (ABI 1.1), the kind a
 * config names in optimizer_config=dict(type='ClipGradOptimizerHook',
 * max_norm=0.5). After each train iteration it clips the gradients by
 * their joint L2 norm as PyTorch's clip_grad_norm_ does,
 *
 *     norm = sqrt(sum g^2)  (accumulated in double)
 *     if max_norm / (norm + 1e-6) < 1: g *= (float)(max_norm / (norm + 1e-6))
 *
 * through the mutable views of ctx_param_at, logs the norm before clipping
 * as "grad_norm", then steps the runner's optimizer with
 * ctx_optimizer_step. Built by the tests with nothing but
 *   cc -shared -fPIC -I plugin-sdk/include clip_grad_optimizer_hook.c -o libclip.so
 */
#include <pacer/pacer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct clip {
  const pacer_host_api *api;
  double max_norm;
} clip;

static pacer_status fail(const pacer_host_api *api, pacer_error *err, pacer_status status, const char *message) {
  api->error_set(err, status, message);
  return status;
}

static pacer_status view(const clip *c, pacer_ctx *ctx, uint32_t index, pacer_tensor *out) {
  memset(out, 0, sizeof *out);
  out->struct_size = sizeof *out;
  return c->api->ctx_param_at(ctx, index, out);
}

static pacer_status after_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  clip *c = self;
  uint32_t count = c->api->ctx_param_count(ctx);
  double sum = 0;
  for (uint32_t i = 0; i < count; i++) {
    pacer_tensor p;
    if (view(c, ctx, i, &p) != PACER_OK) return fail(c->api, err, PACER_E_STATE, "ClipGradOptimizerHook: no parameter view");
    const float *grad = p.grad;
    for (uint64_t j = 0; grad && j < p.numel; j++) sum += (double)grad[j] * (double)grad[j];
  }
  double norm = sqrt(sum);
  double coefficient = c->max_norm / (norm + 1e-6);
  if (coefficient < 1) {
    float scale = (float)coefficient;
    for (uint32_t i = 0; i < count; i++) {
      pacer_tensor p;
      if (view(c, ctx, i, &p) != PACER_OK) return fail(c->api, err, PACER_E_STATE, "ClipGradOptimizerHook: no parameter view");
      float *grad = p.grad;
      for (uint64_t j = 0; grad && j < p.numel; j++) grad[j] *= scale;
    }
  }
  c->api->log_update(ctx, "grad_norm", norm, 1);
  /* On failure the host has put the optimizer's message in err already. */
  return c->api->ctx_optimizer_step(ctx, err);
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc;
  if (!PACER_HAS_FIELD(api, pacer_host_api, ctx_optimizer_step) || api->ctx_optimizer_step == NULL)
    return fail(api, err, PACER_E_UNSUPPORTED,
                "ClipGradOptimizerHook needs plugin ABI 1.1 (ctx_optimizer_step); run a newer pacer");
  double max_norm = 0;
  if (api->cfg_get_f64(cfg, "max_norm", &max_norm) != PACER_OK || !(max_norm > 0))
    return fail(api, err, PACER_E_INVALID_ARG, "ClipGradOptimizerHook: 'max_norm' must be a number > 0");
  clip *c = malloc(sizeof *c);
  if (!c) return PACER_E_NO_MEMORY;
  c->api = api;
  c->max_norm = max_norm;
  *out = c;
  return PACER_OK;
}

static void destroy(void *self) { free(self); }

static const pacer_hook_vtable vtable = {
  sizeof(pacer_hook_vtable), 0,
  NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL,
  NULL, after_train_iter, NULL, NULL,
  NULL, NULL,
};

static const pacer_option_desc max_norm_option = {
  sizeof(pacer_option_desc), PACER_OPTION_FLOAT, "max_norm", NULL, "the largest joint L2 norm of the gradients",
};
static const pacer_option_desc *const options[] = {&max_norm_option};

static const pacer_plugin_desc descriptor = {
  sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "ClipGradOptimizerHook", "1.0.0",
  "clips the gradients by their joint norm, then steps the optimizer",
  PACER_PRIORITY_ABOVE_NORMAL, 0, create, destroy, &vtable,
  1, 0, options,
};

PACER_LIBRARY(&descriptor)
