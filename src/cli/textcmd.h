/* textcmd.h: what the commands writing text, CSV or JSON reports share (stats, conflicts). */
#ifndef KGRAPH_TEXTCMD_H
#define KGRAPH_TEXTCMD_H

#include <stdio.h>

/* The report formats, numbered as kg_stats_format and kg_conflicts_format are. */
enum { KG_TEXTCMD_TEXT = 0, KG_TEXTCMD_CSV = 1, KG_TEXTCMD_JSON = 2 };

/* The format to write: name (from -T: "text", "csv" or "json") when given, else from the
 * extension of output (".csv", ".json"), else text. Returns the format, or -1 when name
 * is none of them. */
int kg_textcmd__format(const char *name, const char *output);

/* Writes a report to path atomically (kg_output_open, write, commit; "-" is stdout):
 * write(stream, ctx) returns KG_OK or an error with its message in kg_last_error(). On
 * any failure prints "kgraph: MESSAGE", leaves an existing file untouched and returns
 * -1; returns 0 when written. */
int kg_textcmd__write(const char *path, int (*write)(FILE *stream, const void *ctx), const void *ctx);

#endif
