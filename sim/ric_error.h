/* Error codes and error details for every ricsim function.
 *
 * One X-macro list generates the enum, the names and the default messages, so
 * they can never drift apart. Functions return ric_status; a caller that wants
 * the detailed message passes a ric_error (may be NULL). The library never
 * calls exit() or abort(). */
#ifndef RIC_ERROR_H
#define RIC_ERROR_H

#include <stddef.h>

/* X(name, message) */
#define RIC_ERROR_LIST(X)                                                                          \
    X(RIC_OK, "success")                                                                           \
    X(RIC_ENOMEM, "out of memory")                                                                 \
    X(RIC_EINVAL, "invalid argument")                                                              \
    X(RIC_ECONFIG, "invalid scenario")                                                             \
    X(RIC_ENOENT, "file not found")                                                                \
    X(RIC_EEXIST, "file exists")                                                                   \
    X(RIC_EIO, "input/output error")                                                               \
    X(RIC_EHDF5, "HDF5 library error")                                                             \
    X(RIC_EGSL, "GSL library error")                                                               \
    X(RIC_EIGRAPH, "igraph library error")                                                         \
    X(RIC_EFORMAT, "not a ricsim file or wrong format version")                                    \
    X(RIC_EPOLICY, "an intervention cannot act")                                                   \
    X(RIC_EINTERNAL, "internal invariant violated")

typedef enum ric_status {
#define RIC_I_ENUM(name, msg) name,
    RIC_ERROR_LIST(RIC_I_ENUM)
#undef RIC_I_ENUM
        RIC_STATUS_COUNT
} ric_status;

/* Detailed error: the code plus a message that names file, line, key etc. */
typedef struct ric_error {
    ric_status code;
    char msg[1024];
} ric_error;

const char *ric_status_name(ric_status s);
const char *ric_status_message(ric_status s);

void ric_error_clear(ric_error *e);
/* Records code and a printf-style message in e (if e is not NULL) and returns
 * code, so callers can write `return ric_error_set(e, RIC_EIO, "...")`. A message
 * already recorded is kept: the innermost cause is the most precise. */
ric_status ric_error_set(ric_error *e, ric_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Adds context to a failure as it propagates outwards: if code is not OK,
 * the message becomes "<context>: <message so far>" (or "<context>: <default
 * message of code>" if none was recorded) and the innermost code is kept.
 * Returns the code, so `return ric_error_context(e, call(...), "step %d", s)`
 * reads as the call itself. OK passes through untouched. */
ric_status ric_error_context(ric_error *e, ric_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Sets the HDF5, GSL and igraph error handlers for the whole process, once
 * (sim/ric_lib.c): HDF5 prints nothing and runs no clean-up at exit, GSL and
 * igraph return errors instead of aborting. Called by the HDF5 layer before
 * it opens or creates a file and by the network statistics; safe to call
 * from several threads. */
void ric_lib_init(void);

/* Propagates a non-OK status from a call. */
#define RIC_CHECK(call)                                                                            \
    do {                                                                                           \
        ric_status ric_i_st_ = (call);                                                             \
        if (ric_i_st_ != RIC_OK)                                                                   \
            return ric_i_st_;                                                                      \
    } while (0)

/* Jumps to a cleanup label on a non-OK status, keeping it in `st`. */
#define RIC_TRY(st, call, label)                                                                   \
    do {                                                                                           \
        (st) = (call);                                                                             \
        if ((st) != RIC_OK)                                                                        \
            goto label;                                                                            \
    } while (0)

#endif
