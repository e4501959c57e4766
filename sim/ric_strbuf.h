/* A growing string for formatted output (dumps, tables, reports). */
#ifndef RIC_STRBUF_H
#define RIC_STRBUF_H

#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define RIC_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define RIC_PRINTF_LIKE(f, a)
#endif

/* Caller-owned; zero-initialise ({0}) to start; s is malloc'ed (free it).
 * After an allocation failure oom is set and further appends do nothing. */
typedef struct ric_strbuf {
    char *s;
    size_t len, cap;
    int oom;
} ric_strbuf;

/* Appends printf-style text. */
void ric_strbuf_printf(ric_strbuf *b, const char *fmt, ...) RIC_PRINTF_LIKE(2, 3);

/* A whole file as a NUL-terminated string (malloc'ed; *len its length if
 * len is not NULL), or NULL if it cannot be opened or read. */
char *ric_read_file(const char *path, size_t *len);

/* Whether the open file f is a regular file of at most max bytes: input
 * files are, so that a device (/dev/zero) or a fifo is never read until
 * memory runs out. */
int ric_file_bounded(FILE *f, size_t max);

#endif
