/* Helpers every ricsim command shares (ric_cli.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "ric_cli.h"
#include "ric_config.h"
#include "ric_params.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t ric_cli_stop; /* set by SIGINT/SIGTERM only */

static void ric_i_on_signal(int sig)
{
    (void)sig;
    ric_cli_stop = 1;
}

void ric_cli_catch_signals(void)
{
    signal(SIGINT, ric_i_on_signal);
    signal(SIGTERM, ric_i_on_signal);
}

int ric_cli_parse_int(const char *opt, const char *s, long long lo, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < lo) {
        fprintf(stderr, "ricsim: %s: expected an integer >= %lld, found '%s'\n", opt, lo, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Status -> exit code: bad input (scenario, design, file that is missing,
 * damaged or of another kind) is 3 and is refused before anything runs;
 * what fails while working is 1. */
static const struct {
    ric_status st;
    int code;
} ric_i_exit_map[] = {{RIC_OK, RIC_EXIT_OK},
                      {RIC_ENOMEM, RIC_EXIT_RUNTIME},
                      {RIC_EINVAL, RIC_EXIT_SCENARIO},
                      {RIC_ECONFIG, RIC_EXIT_SCENARIO},
                      {RIC_ENOENT, RIC_EXIT_SCENARIO},
                      {RIC_EEXIST, RIC_EXIT_EXISTS},
                      {RIC_EIO, RIC_EXIT_RUNTIME},
                      {RIC_EHDF5, RIC_EXIT_RUNTIME},
                      {RIC_EGSL, RIC_EXIT_RUNTIME},
                      {RIC_EIGRAPH, RIC_EXIT_RUNTIME},
                      {RIC_EFORMAT, RIC_EXIT_SCENARIO},
                      {RIC_EPOLICY, RIC_EXIT_RUNTIME},
                      {RIC_EINTERNAL, RIC_EXIT_RUNTIME}};
_Static_assert(sizeof ric_i_exit_map / sizeof ric_i_exit_map[0] == RIC_STATUS_COUNT,
               "every status needs an exit code");

int ric_cli_exit_code(ric_status st)
{
    if (st != RIC_OK && ric_cli_stop)
        return RIC_EXIT_INTERRUPTED;
    for (size_t k = 0; k < sizeof ric_i_exit_map / sizeof ric_i_exit_map[0]; k++)
        if (ric_i_exit_map[k].st == st)
            return ric_i_exit_map[k].code;
    return RIC_EXIT_RUNTIME;
}

const char *ric_cli_suggest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL, *prefix = NULL;
    size_t bestd = (size_t)-1, nprefix = 0, len = strlen(word);
    for (size_t k = 0; k < n; k++) {
        if (len > 0 && !strncmp(cands[k], word, len)) {
            prefix = cands[k];
            nprefix++;
        }
        size_t d = ric_config_distance(word, cands[k]);
        if (d < bestd) {
            bestd = d;
            best = cands[k];
        }
    }
    /* Close enough: a typo or two, fewer in short words. */
    size_t limit = len < 4 ? 1 : len < 8 ? 2 : 3;
    if (best && bestd <= limit)
        return best;
    return nprefix == 1 ? prefix : NULL;
}

static void ric_i_help_hint(const char *cmd)
{
    fprintf(stderr, "(all options: ricsim help %s)\n", cmd);
}

int ric_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ricsim %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ric_i_help_hint(cmd);
    return RIC_EXIT_USAGE;
}

int ric_cli_bad_option(const char *cmd, char **argv, const struct option *longopts,
                       const char *shortopts)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    /* A known option without its value, or a flag given one. */
    if (optopt != 0) {
        for (const struct option *o = longopts; o->name; o++)
            if (o->val == optopt && !strncmp(arg, "--", 2))
                return ric_cli_usage_error(cmd, "option '--%s' %s", o->name,
                                           o->has_arg == required_argument ? "needs a value"
                                                                           : "takes no value");
        const char *s = optopt > 0 && optopt < 256 ? strchr(shortopts, optopt) : NULL;
        if (s && s[1] == ':')
            return ric_cli_usage_error(cmd, "option '-%c' needs a value", optopt);
        return ric_cli_usage_error(cmd, "unknown option '-%c'", optopt > 0 ? optopt : '?');
    }
    char word[128];
    snprintf(word, sizeof word, "%s", arg);
    char *eq = strchr(word, '=');
    if (eq)
        *eq = '\0';
    const char *names[128];
    char buf[128][64];
    size_t n = 0;
    for (const struct option *o = longopts; o->name && n < 128; o++, n++) {
        snprintf(buf[n], sizeof buf[n], "--%.60s", o->name);
        names[n] = buf[n];
    }
    /* An abbreviation matching several options is ambiguous, not unknown. */
    size_t matches = 0;
    for (size_t k = 0; k < n; k++)
        matches += strlen(word) > 2 && !strncmp(names[k], word, strlen(word));
    if (matches > 1)
        return ric_cli_usage_error(cmd, "option '%s' is ambiguous (%zu options start so)", word,
                                   matches);
    const char *near = ric_cli_suggest(word, names, n);
    if (near)
        return ric_cli_usage_error(cmd, "unknown option '%s'; did you mean '%s'?", word, near);
    return ric_cli_usage_error(cmd, "unknown option '%s'", word);
}

/* mkdir -p of the first len bytes of path. */
static int ric_i_mkdir_p(const char *path, size_t len)
{
    char buf[PATH_MAX];
    if (len == 0 || len >= sizeof buf)
        return len == 0 ? 0 : -1;
    memcpy(buf, path, len);
    buf[len] = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat sb;
    if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int ric_cli_make_dirs(const char *cmd, const char *path, int is_dir)
{
    const char *slash = strrchr(path, '/');
    size_t len = is_dir ? strlen(path) : slash ? (size_t)(slash - path) : 0;
    if (ric_i_mkdir_p(path, len) == 0)
        return 0;
    fprintf(stderr, "ricsim %s: cannot create the directory of %s: %s\n", cmd, path,
            strerror(errno));
    return -1;
}

/* The directories holding named scenarios, in the order they are tried;
 * returns how many were filled. */
static size_t ric_i_scenario_dirs(char dirs[4][PATH_MAX])
{
    size_t n = 0;
    snprintf(dirs[n++], PATH_MAX, "scenarios");
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return n;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(dirs[n++], PATH_MAX, "%.3000s/../share/ricsim/scenarios", exe);
#if defined(RICSIM_BUILD_DIR) && defined(RICSIM_SOURCE_DIR)
    /* Run from its build tree: the source tree's scenarios (never for an
     * installed or unpacked copy, which must find its own). */
    if (!strcmp(exe, RICSIM_BUILD_DIR))
        snprintf(dirs[n++], PATH_MAX, "%s/scenarios", RICSIM_SOURCE_DIR);
#endif
    return n;
}

int ric_cli_find_scenario(const char *name, char *buf, size_t size)
{
    struct stat sb;
    if (stat(name, &sb) == 0 && S_ISREG(sb.st_mode)) {
        snprintf(buf, size, "%s", name);
        return 0;
    }
    if (strchr(name, '/'))
        return -1;
    size_t len = strlen(name);
    const char *ext = len > 5 && !strcmp(name + len - 5, ".yaml") ? "" : ".yaml";
    char dirs[4][PATH_MAX];
    size_t n = ric_i_scenario_dirs(dirs);
    for (size_t k = 0; k < n; k++) {
        char path[PATH_MAX + 300], real[PATH_MAX];
        snprintf(path, sizeof path, "%s/%.200s%s", dirs[k], name, ext);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        /* Absolute and without "..": it is recorded in the output files. */
        snprintf(buf, size, "%s", k > 0 && realpath(path, real) ? real : path);
        return 0;
    }
    return -1;
}

static int ric_i_cmp_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

int ric_cli_scenario_arg(const char *cmd, const char *name, char *buf, size_t size)
{
    /* A path is the library's to open (and to refuse, with its reason). */
    if (strchr(name, '/') || ric_cli_find_scenario(name, buf, size) == 0) {
        if (strchr(name, '/'))
            snprintf(buf, size, "%s", name);
        return 0;
    }
    char dirs[4][PATH_MAX];
    size_t n = ric_i_scenario_dirs(dirs);
    fprintf(stderr, "ricsim %s: scenario '%s' not found", cmd, name);
    /* The names on offer, from the first directory that has any. */
    char names[64][64];
    const char *cands[64] = {0};
    size_t nn = 0;
    for (size_t k = 0; k < n && nn == 0; k++) {
        DIR *d = opendir(dirs[k]);
        for (struct dirent *de; d && (de = readdir(d)) && nn < 64;) {
            size_t l = strlen(de->d_name);
            if (l > 5 && l < 64 && !strcmp(de->d_name + l - 5, ".yaml") &&
                strcmp(de->d_name, "targets.yaml") != 0) {
                snprintf(names[nn], sizeof names[nn], "%.*s", (int)(l - 5), de->d_name);
                cands[nn] = names[nn];
                nn++;
            }
        }
        if (d)
            closedir(d);
    }
    qsort(names, nn, sizeof names[0], ric_i_cmp_names);
    const char *near = ric_cli_suggest(name, cands, nn);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fprintf(stderr, "\n  looked in:");
    for (size_t k = 0; k < n; k++)
        fprintf(stderr, " %s", dirs[k]);
    if (nn) {
        fprintf(stderr, "\n  available:");
        for (size_t k = 0; k < nn; k++)
            fprintf(stderr, " %s", names[k]);
    }
    fputc('\n', stderr);
    return -1;
}

void ric_cli_warn_scaling(const char *cmd, const ric_params *p)
{
    ric_params d;
    ric_params_default(&d);
    const struct {
        const char *key;
        double value, def;
    } pop[] = {{"firms.count", (double)p->firms, (double)d.firms},
               {"producers.universities", (double)p->universities, (double)d.universities},
               {"producers.institutes", (double)p->institutes, (double)d.institutes},
               {"intermediaries.count", (double)p->intermediaries, (double)d.intermediaries}};
    enum { NPOP = sizeof pop / sizeof pop[0] };
    size_t changed = 0, first = NPOP;
    for (size_t k = 0; k < NPOP; k++)
        if (pop[k].def > 0 && fabs(pop[k].value / pop[k].def - 1.0) > 1e-9) {
            changed++;
            first = first == NPOP ? k : first;
        }
    if (changed == 0)
        return;
    /* All changed by the same factor: a consistent rescaling. */
    int same = changed == NPOP;
    for (size_t k = 1; same && k < NPOP; k++)
        same = fabs(pop[k].value / pop[k].def - pop[0].value / pop[0].def) <
               1e-6 * (pop[0].value / pop[0].def);
    if (same)
        return;
    double f = pop[first].value / pop[first].def;
    fprintf(stderr,
            "ricsim %s: warning: %s is %.0f (default %.0f, x%.3g) but the other population "
            "counts",
            cmd, pop[first].key, pop[first].value, pop[first].def, f);
    if (p->ninterventions > 0)
        fprintf(stderr, " and the intervention budgets");
    fprintf(stderr,
            " were not scaled with it: the world's proportions change and so do the effects.\n"
            "  To simulate a smaller or larger world, set world.scale instead (here %.3g "
            "gives x%.3g: --set world.scale=%.3g).\n",
            p->scale, f, f * p->scale);
}

void ric_cli_progress_init(ric_cli_progress *pg)
{
    pg->tty = isatty(STDERR_FILENO);
    pg->percent_step = 5;
    pg->next_percent = pg->percent_step;
    pg->last = -1.0;
}

void ric_cli_progress_show(ric_cli_progress *pg, const char *what, size_t done, size_t total,
                           const char *unit, double elapsed, int final)
{
    double rate = elapsed > 0 ? (double)done / elapsed : 0.0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0.0;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
    if (pg->tty) {
        if (!final && done < total && elapsed - pg->last < 0.1)
            return;
        pg->last = elapsed;
        fprintf(stderr, "\r%s %zu/%zu  %.3g %s/s  ETA %.0f s   ", what, done, total, rate, unit,
                eta);
        if (final)
            fputc('\n', stderr);
    } else {
        /* A batch log: one line per step of percent, and the last one. */
        if (!final && pct < pg->next_percent)
            return;
        if (final && pg->next_percent > 100)
            return;
        while (pg->next_percent <= pct)
            pg->next_percent += pg->percent_step;
        if (final)
            pg->next_percent = 101;
        fprintf(stderr, "%s %zu/%zu (%d%%)  %.1f s  %.3g %s/s  ETA %.0f s\n", what, done, total,
                pct, elapsed, rate, unit, eta);
    }
    fflush(stderr);
}

double ric_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ric_cli_command_line(int argc, char **argv, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "ricsim");
    for (int i = 0; i < argc && len < size; i++) {
        const char *q = strpbrk(argv[i], " \t'\"") ? "'" : "";
        len += (size_t)snprintf(buf + len, size - len, " %s%s%s", q, argv[i], q);
    }
}
