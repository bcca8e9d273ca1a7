/*
 * HalvingLrUpdaterHook: an LR updater plugin (ABI 1.1), the kind a config
 * names in lr_config=dict(type='HalvingLrUpdaterHook', every=2, factor=0.5).
 * Before each train epoch (by_epoch=True) or train iteration
 * (by_epoch=False) it sets every group's learning rate to
 *
 *     initial_lr * factor ** (progress // every)
 *
 * where progress is the number of finished epochs or iterations: MMCV's
 * StepLrUpdaterHook with evenly spaced steps. Declares its options. Built by
 * the tests with nothing but
 *   cc -shared -fPIC -I plugin-sdk/include halving_lr.c -o libhalving_lr.so
 */
#include <pacer/pacer.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct halving {
  const pacer_host_api *api;
  int64_t every;
  double factor;
  int32_t by_epoch;
} halving;

/* Sets every group's lr for `progress` finished epochs or iterations. */
static pacer_status update(halving *h, pacer_ctx *ctx, int64_t progress, pacer_error *err) {
  uint32_t groups = h->api->ctx_group_count(ctx);
  double scale = 1;
  for (int64_t step = 0; step < progress / h->every; step++) scale *= h->factor;
  for (uint32_t group = 0; group < groups; group++) {
    pacer_status status = h->api->ctx_set_lr(ctx, group, h->api->ctx_initial_lr(ctx, group) * scale);
    if (status != PACER_OK) {
      char message[96];
      snprintf(message, sizeof message, "HalvingLrUpdaterHook: the host refused the lr of group %u", group);
      h->api->error_set(err, status, message);
      return status;
    }
  }
  return PACER_OK;
}

/* Sets the lr for the finished epochs (by_epoch) or iterations. */
static pacer_status update_from_counters(halving *h, pacer_ctx *ctx, pacer_error *err) {
  pacer_ctx_info info = {0};
  info.struct_size = sizeof info;
  pacer_status status = h->api->ctx_get_info(ctx, &info);
  if (status != PACER_OK) {
    h->api->error_set(err, status, "HalvingLrUpdaterHook: the host's ctx_get_info failed");
    return status;
  }
  return update(h, ctx, h->by_epoch ? info.epoch : info.iter, err);
}

static pacer_status before_train_epoch(void *self, pacer_ctx *ctx, pacer_error *err) {
  halving *h = self;
  return h->by_epoch ? update_from_counters(h, ctx, err) : PACER_OK;
}

static pacer_status before_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  halving *h = self;
  return h->by_epoch ? PACER_OK : update_from_counters(h, ctx, err);
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc;
  /* Good practice for a 1.1 function: test it once, here, and refuse with
   * one clear line on an older host rather than failing mid-run. */
  if (!PACER_HAS_FIELD(api, pacer_host_api, ctx_set_lr) || api->ctx_set_lr == NULL ||
      !PACER_HAS_FIELD(api, pacer_host_api, ctx_initial_lr) || api->ctx_initial_lr == NULL) {
    api->error_set(err, PACER_E_UNSUPPORTED,
                   "HalvingLrUpdaterHook needs plugin ABI 1.1 (ctx_set_lr, ctx_initial_lr); run a newer pacer");
    return PACER_E_UNSUPPORTED;
  }
  halving h = {api, 1, 0.5, 1};
  /* Defaults pre-set: a missing key leaves them untouched. */
  if (api->cfg_get_i64(cfg, "every", &h.every) == PACER_E_INVALID_ARG || h.every < 1) {
    api->error_set(err, PACER_E_INVALID_ARG, "HalvingLrUpdaterHook: 'every' must be a positive integer");
    return PACER_E_INVALID_ARG;
  }
  if (api->cfg_get_f64(cfg, "factor", &h.factor) == PACER_E_INVALID_ARG || !(h.factor > 0 && h.factor <= 1)) {
    api->error_set(err, PACER_E_INVALID_ARG, "HalvingLrUpdaterHook: 'factor' must be a number in (0, 1]");
    return PACER_E_INVALID_ARG;
  }
  if (api->cfg_get_bool(cfg, "by_epoch", &h.by_epoch) == PACER_E_INVALID_ARG) {
    api->error_set(err, PACER_E_INVALID_ARG, "HalvingLrUpdaterHook: 'by_epoch' must be True or False");
    return PACER_E_INVALID_ARG;
  }
  halving *instance = malloc(sizeof *instance);
  if (!instance) return PACER_E_NO_MEMORY;
  *instance = h;
  *out = instance;
  return PACER_OK;
}

static void destroy(void *self) { free(self); }

static const pacer_hook_vtable vtable = {
  sizeof(pacer_hook_vtable), 0,
  NULL, NULL, NULL, NULL, NULL, NULL,            /* run, epoch, iter */
  before_train_epoch, NULL, NULL, NULL,          /* train and val epochs */
  before_train_iter, NULL, NULL, NULL,           /* train and val iterations */
  NULL, NULL,                                    /* no state: the host saves every group's lr */
};

static const pacer_option_desc every_option = {
  sizeof(pacer_option_desc), PACER_OPTION_INT, "every", "1", "multiply the lr by factor every `every` epochs",
};
static const pacer_option_desc factor_option = {
  sizeof(pacer_option_desc), PACER_OPTION_FLOAT, "factor", "0.5", "what each step multiplies the lr by",
};
static const pacer_option_desc by_epoch_option = {
  sizeof(pacer_option_desc), PACER_OPTION_BOOL, "by_epoch", "True", "count epochs (True) or iterations (False)",
};
static const pacer_option_desc *const options[] = {&every_option, &factor_option, &by_epoch_option};

static const pacer_plugin_desc descriptor = {
  sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "HalvingLrUpdaterHook", "1.0.0",
  "lr = initial_lr * factor ** (epoch // every)",
  PACER_PRIORITY_VERY_HIGH, 0, create, destroy, &vtable,
  3, 0, options,
};

PACER_LIBRARY(&descriptor)
