/* ctx.c: the geo_ctx that owns a GEOS handle (GEOS_init_r, with handlers that keep the last
 * message instead of printing it) and a PROJ context (logging off: the library never prints).
 * Also the coordinate formatting shared by the messages of the other geo files.
 * No geometry here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/internal.h"

static void keep_message(const char *message, void *user)
{
    geo_ctx *ctx = user;
    snprintf(ctx->msg, sizeof ctx->msg, "%s", message ? message : "");
}

geo_ctx *geo_ctx_new(void)
{
    geo_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    ctx->gh = GEOS_init_r();
    ctx->pj = proj_context_create();
    if (!ctx->gh || !ctx->pj) {
        geo_ctx_free(ctx);
        return NULL;
    }
    GEOSContext_setErrorMessageHandler_r(ctx->gh, keep_message, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->gh, keep_message, ctx);
    proj_log_level(ctx->pj, PJ_LOG_NONE);
    return ctx;
}

void geo_ctx_free(geo_ctx *ctx)
{
    if (!ctx) return;
    if (ctx->gh) GEOS_finish_r(ctx->gh);
    if (ctx->pj) proj_context_destroy(ctx->pj);
    free(ctx);
}

char *geo_fmt_deg(double v, char buf[32])
{
    if (!isfinite(v) || fabs(v) >= 1e12) {
        snprintf(buf, 32, "%s", isnan(v) ? "nan" : v > 0 ? "huge" : "-huge");
        return buf;
    }
    /* integers only, so a caller's LC_NUMERIC cannot turn the point into a comma */
    long long micro = llround(fabs(v) * 1e6);
    long long whole = micro / 1000000, frac = micro % 1000000;
    int n = snprintf(buf, 32, "%s%lld", v < 0 && micro ? "-" : "", whole);
    if (frac) {
        char f[8];
        snprintf(f, sizeof f, "%06lld", frac);
        size_t len = 6;
        while (len > 0 && f[len - 1] == '0') len--;
        f[len] = '\0';
        snprintf(buf + n, 32 - (size_t)n, ".%s", f);
    }
    return buf;
}
