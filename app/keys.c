/* ricsim keys: every scenario key with type, default, range and meaning,
 * straight from the parameter table, so docs/scenarios.md cannot drift from
 * the code. */
#include "ric_cli.h"
#include "ric_params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void keys_usage(FILE *f)
{
    fprintf(f, "usage: ricsim keys [PREFIX...] [--markdown | --names]\n"
               "\n"
               "Lists every scenario key with its type, default, range and meaning; with\n"
               "PREFIX only the keys that start with it (e.g. ricsim keys firms).\n"
               "\n"
               "      --markdown  a Markdown table (docs/scenarios.md is this output)\n"
               "      --names     the key names only, one a line (for shell completion)\n");
}

/* The key matches one of the prefixes (none given: every key). */
static int wanted(const char *key, char **prefixes, int n)
{
    for (int i = 0; i < n; i++)
        if (!strncmp(key, prefixes[i], strlen(prefixes[i])))
            return 1;
    return n == 0;
}

int ric_cmd_keys(int argc, char **argv)
{
    static const struct option longopts[] = {{"markdown", no_argument, NULL, 'm'},
                                             {"names", no_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int md = 0, names = 0, c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'm')
            md = 1;
        else if (c == 'n')
            names = 1;
        else if (c == 'h') {
            keys_usage(stdout);
            return RIC_EXIT_OK;
        } else
            return ric_cli_bad_option("keys", argv, longopts, "h");
    }
    char **prefixes = argv + optind;
    const int nprefix = argc - optind;
    ric_params p;
    ric_params_default(&p);
    const ric_param_table *tab = ric_params_table();
    if (md && !names)
        printf("| key | type | default | range | unit | meaning |\n|---|---|---|---|---|---|\n");
    size_t shown = 0;
    for (size_t i = 0; i < tab->count; i++) {
        const ric_param_spec *s = &tab->specs[i];
        if (!wanted(s->key, prefixes, nprefix))
            continue;
        shown++;
        if (names) {
            printf("%s\n", s->key);
            continue;
        }
        const void *field = (const char *)&p + s->offset;
        char def[64], range[256] = "";
        switch (s->type) {
        case RIC_PT_INT:
            snprintf(def, sizeof def, "%lld", (long long)*(const int64_t *)field);
            snprintf(range, sizeof range, "[%.0f, %.0f]", s->min, s->max);
            break;
        case RIC_PT_DOUBLE:
            snprintf(def, sizeof def, "%.15g", *(const double *)field);
            snprintf(range, sizeof range, "[%.15g, %.15g]", s->min, s->max);
            break;
        case RIC_PT_BOOL:
            snprintf(def, sizeof def, "%s", *(const int *)field ? "true" : "false");
            break;
        case RIC_PT_ENUM:
            snprintf(def, sizeof def, "%s", s->enum_names[*(const int *)field]);
            for (const char *const *e = s->enum_names; *e; e++)
                snprintf(range + strlen(range), sizeof range - strlen(range), "%s%s",
                         e == s->enum_names ? "" : ", ", *e);
            break;
        case RIC_PT_STRING:
            snprintf(def, sizeof def, "\"%s\"", (const char *)field);
            break;
        case RIC_PT_LIST:
            snprintf(def, sizeof def, "[]");
            snprintf(range, sizeof range, "at most %.0f items", s->max);
            break;
        case RIC_PT_MASK: {
            int64_t bits = *(const int64_t *)field;
            if (bits == -1)
                snprintf(def, sizeof def, "all");
            else
                snprintf(def, sizeof def, "0x%llx", (long long)bits);
            if (s->enum_names)
                for (const char *const *e = s->enum_names; *e; e++)
                    snprintf(range + strlen(range), sizeof range - strlen(range), "%s%s",
                             e == s->enum_names ? "" : ", ", *e);
            else
                snprintf(range, sizeof range, "subset of [%.0f, %.0f]", s->min, s->max);
            break;
        }
        }
        static const char *const tname[] = {"int",    "number", "bool", "enum",
                                            "string", "list",   "set"};
        if (md)
            printf("| `%s` | %s | %s | %s | %s | %s |\n", s->key, tname[s->type], def, range,
                   s->unit, s->doc);
        else
            printf("%-36s %-7s %-12s %-28s %s\n", s->key, tname[s->type], def, range, s->doc);
    }
    if (shown == 0) {
        /* A misspelt prefix: the closest key, or its first component. */
        const char **cands = malloc(2 * tab->count * sizeof *cands);
        char(*heads)[64] = malloc(tab->count * sizeof *heads);
        size_t n = 0;
        for (size_t i = 0; cands && heads && i < tab->count; i++) {
            const char *key = tab->specs[i].key, *dot = strchr(key, '.');
            snprintf(heads[i], sizeof heads[i], "%.*s", dot ? (int)(dot - key) : 63, key);
            cands[n++] = key;
            cands[n++] = heads[i];
        }
        const char *near = nprefix ? ric_cli_suggest(prefixes[0], cands, n) : NULL;
        fprintf(stderr, "ricsim keys: no key starts with '%s'", nprefix ? prefixes[0] : "");
        if (near)
            fprintf(stderr, "; did you mean '%s'?", near);
        fputc('\n', stderr);
        free(cands);
        free(heads);
        return RIC_EXIT_USAGE;
    }
    return RIC_EXIT_OK;
}
