/* textout.h: writing CSV fields and JSON strings, shared by the diff, stats and conflicts writers. */
#ifndef KGRAPH_TEXTOUT_H
#define KGRAPH_TEXTOUT_H

#include <stdio.h>

/* Writes s as one CSV field, quoted (quotes doubled) when it holds a comma, quote or line
 * break, or starts or ends with a space; then ',' or, when last, '\n'. */
void kg_csv_field(FILE *f, const char *s, int last);

/* Writes s for a terminal: control bytes shown as \n, \t or \xNN, the rest as is. */
void kg_text_value(FILE *f, const char *s);

/* Writes s as a JSON string: quotes, backslashes and control bytes escaped. */
void kg_json_string(FILE *f, const char *s);

#endif
