/* textout.c: CSV fields and JSON strings for the text writers (diff, stats, conflicts). */
#include <string.h>

#include "textout.h"

/* Nonzero when s is a plain decimal number: an optional sign, digits with at most one
 * '.', at least one digit, an optional exponent ("-0.5", "+3", "1e-9"). A spreadsheet reads
 * it as a number, never as a formula. */
static int plain_number(const char *s)
{
    int digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

int kg_csv__formula_like(const char *s)
{
    return (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
            s[0] == '\r') && !plain_number(s);
}

void kg_csv__write_field(FILE *f, const char *s, int last, int raw)
{
    size_t n = strlen(s);
    int guard = !raw && kg_csv__formula_like(s);
    int quote = guard || strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote) {
        fputc('"', f);
        if (guard)
            fputc('\'', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

void kg_json__string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20 || c == 0x7F)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void kg_text__value(FILE *f, const char *s)
{
    for (;;) {
        const char *run = s;
        while ((unsigned char)*s >= 0x20 && *s != 0x7F)
            s++;
        if (s > run)
            fwrite(run, 1, (size_t)(s - run), f);
        unsigned char c = (unsigned char)*s;
        if (!c)
            return;
        if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else
            fprintf(f, "\\x%02X", c);
        s++;
    }
}
