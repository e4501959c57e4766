/* ricsim summary: a quick look at a run or an ensemble. */
#include "ric_cli.h"
#include "ric_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ric_cmd_summary(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: ricsim summary FILE.h5|DIR ...\n\n"
               "What a run output file or an ensemble (its directory or ensemble.h5) holds,\n"
               "and its headline figures.\n");
        return RIC_EXIT_OK;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: ricsim summary FILE.h5|DIR ...\n");
        return RIC_EXIT_USAGE;
    }
    int rc = RIC_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        ric_error err;
        ric_error_clear(&err);
        char *text = NULL;
        ric_status st = ric_summary(argv[i], &text, &err);
        if (st != RIC_OK) {
            fprintf(stderr, "ricsim summary: %s\n", err.msg);
            rc = ric_cli_exit_code(st);
            continue;
        }
        fputs(text, stdout);
        free(text);
    }
    return rc;
}
