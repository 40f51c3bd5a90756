/* textout.c: CSV fields and JSON strings for the text writers (diff, stats, conflicts). */
#include <string.h>

#include "textout.h"

void kg_csv_field(FILE *f, const char *s, int last)
{
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote) {
        fputc('"', f);
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

void kg_json_string(FILE *f, const char *s)
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

void kg_text_value(FILE *f, const char *s)
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
