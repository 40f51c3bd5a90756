/* diff_scan.c: the scan method (placeholder). */
#include "diff_internal.h"

int kgd_scan(kg_diff **out, const kg_diff_input *old_in, const kg_diff_input *new_in,
             unsigned kinds, int single)
{
    (void)old_in; (void)new_in; (void)kinds; (void)single;
    *out = NULL;
    return 1;
}
