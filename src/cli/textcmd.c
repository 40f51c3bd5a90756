/* textcmd.c: choosing a report format and writing a report atomically, for stats and conflicts. */
#include <string.h>

#include "textcmd.h"
#include "kgraph.h"

int kg_textcmd__format(const char *name, const char *output)
{
    static const char *const names[] = {"text", "csv", "json"};
    if (name) {
        for (int i = 0; i < 3; i++)
            if (strcmp(name, names[i]) == 0)
                return i;
        return -1;
    }
    const char *dot = output ? strrchr(output, '.') : NULL;
    if (dot && strcmp(dot, ".csv") == 0)
        return KG_TEXTCMD_CSV;
    if (dot && strcmp(dot, ".json") == 0)
        return KG_TEXTCMD_JSON;
    return KG_TEXTCMD_TEXT;
}

int kg_textcmd__write(const char *path, int (*write)(FILE *stream, const void *ctx), const void *ctx)
{
    kg_output *out;
    if (kg_output_open(&out, path) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        return -1;
    }
    if (write(kg_output_stream(out), ctx) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        kg_output_abort(out);
        return -1;
    }
    if (kg_output_commit(out) != KG_OK) {
        fprintf(stderr, "kgraph: %s\n", kg_last_error());
        return -1;
    }
    return 0;
}
