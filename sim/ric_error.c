#include "ric_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const ric_i_names[] = {
#define RIC_I_NAME(name, msg) #name,
    RIC_ERROR_LIST(RIC_I_NAME)
#undef RIC_I_NAME
};

static const char *const ric_i_messages[] = {
#define RIC_I_MSG(name, msg) msg,
    RIC_ERROR_LIST(RIC_I_MSG)
#undef RIC_I_MSG
};

const char *ric_status_name(ric_status s)
{
    return (s >= 0 && s < RIC_STATUS_COUNT) ? ric_i_names[s] : "RIC_UNKNOWN";
}

const char *ric_status_message(ric_status s)
{
    return (s >= 0 && s < RIC_STATUS_COUNT) ? ric_i_messages[s] : "unknown error";
}

void ric_error_clear(ric_error *e)
{
    if (e) {
        e->code = RIC_OK;
        e->msg[0] = '\0';
    }
}

ric_status ric_error_set(ric_error *e, ric_status code, const char *fmt, ...)
{
    if (e && (e->code == RIC_OK || e->msg[0] == '\0')) {
        e->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

ric_status ric_error_context(ric_error *e, ric_status code, const char *fmt, ...)
{
    if (code == RIC_OK || !e)
        return code;
    char ctx[256], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx, sizeof ctx, fmt, ap);
    va_end(ap);
    if (e->code == RIC_OK || e->msg[0] == '\0') {
        e->code = code;
        snprintf(old, sizeof old, "%s", ric_status_message(code));
    } else {
        memcpy(old, e->msg, sizeof old);
    }
    /* Truncation keeps the context and the start of the cause. */
    snprintf(e->msg, sizeof e->msg, "%.255s: %.760s", ctx, old);
    return e->code;
}
