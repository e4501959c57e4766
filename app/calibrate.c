/* placeholder */
#include "ric_cli.h"
int ric_cmd_calibrate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return RIC_EXIT_USAGE;
}
