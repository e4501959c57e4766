/* Minimal typed assertions for ricsim's test programs (libuv style). A test
 * program returns 0 on success, 77 to skip, anything else on failure. */
#ifndef RIC_TEST_H
#define RIC_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RIC_FAIL_(...)                                                                             \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                            \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fprintf(stderr, "\n");                                                                     \
        exit(1);                                                                                   \
    } while (0)

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c))                                                                                  \
            RIC_FAIL_("assertion failed: %s", #c);                                                 \
    } while (0)
#define ASSERT_OK(call)                                                                            \
    do {                                                                                           \
        int ric_t_st_ = (int)(call);                                                               \
        if (ric_t_st_ != 0)                                                                        \
            RIC_FAIL_("%s returned %d, expected 0", #call, ric_t_st_);                             \
    } while (0)
#define ASSERT_EQ(a, b)                                                                            \
    do {                                                                                           \
        long long ric_t_a_ = (long long)(a), ric_t_b_ = (long long)(b);                            \
        if (ric_t_a_ != ric_t_b_)                                                                  \
            RIC_FAIL_("%s == %s: %lld != %lld", #a, #b, ric_t_a_, ric_t_b_);                       \
    } while (0)
#define ASSERT_NE(a, b)                                                                            \
    do {                                                                                           \
        long long ric_t_a_ = (long long)(a), ric_t_b_ = (long long)(b);                            \
        if (ric_t_a_ == ric_t_b_)                                                                  \
            RIC_FAIL_("%s != %s: both %lld", #a, #b, ric_t_a_);                                    \
    } while (0)
#define ASSERT_NEAR(a, b, tol)                                                                     \
    do {                                                                                           \
        double ric_t_a_ = (double)(a), ric_t_b_ = (double)(b);                                     \
        if (!(fabs(ric_t_a_ - ric_t_b_) <= (tol)))                                                 \
            RIC_FAIL_("%s ~ %s: %.17g vs %.17g (tol %g)", #a, #b, ric_t_a_, ric_t_b_,              \
                      (double)(tol));                                                              \
    } while (0)
#define ASSERT_STR_CONTAINS(hay, needle)                                                           \
    do {                                                                                           \
        const char *ric_t_h_ = (hay), *ric_t_n_ = (needle);                                        \
        if (!ric_t_h_ || !strstr(ric_t_h_, ric_t_n_))                                              \
            RIC_FAIL_("expected \"%s\" in \"%s\"", ric_t_n_, ric_t_h_ ? ric_t_h_ : "(null)");      \
    } while (0)

#endif
