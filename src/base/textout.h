/* textout.h: writing CSV fields and JSON strings, shared by the diff, stats and conflicts writers. */
#ifndef KGRAPH_TEXTOUT_H
#define KGRAPH_TEXTOUT_H

#include <stdio.h>

/* Nonzero when s would be read as a formula by a spreadsheet: it begins with '=', '+', '-',
 * '@', a tab or a carriage return (the OWASP list), and is not a plain decimal number
 * (optional sign, digits, optional fraction and exponent: "-0.5" and "+3" stay numbers). */
int kg_csv__formula_like(const char *s);

/* Writes s as one CSV field, quoted (quotes doubled) when it holds a comma, quote or line
 * break, or starts or ends with a space; then ',' or, when last, '\n'. Unless raw, a
 * formula-like field (kg_csv__formula_like) is neutralised as OWASP recommends: written
 * quoted with a single quote before it ("'=HYPERLINK(...)"), so that a spreadsheet shows
 * it as text instead of evaluating it. raw writes every field as it is (--csv-raw). */
void kg_csv__write_field(FILE *f, const char *s, int last, int raw);

/* Writes s for a terminal: control bytes shown as \n, \t or \xNN, the rest as is. */
void kg_text__value(FILE *f, const char *s);

/* Writes s as a JSON string: quotes, backslashes and control bytes escaped. */
void kg_json__string(FILE *f, const char *s);

#endif
