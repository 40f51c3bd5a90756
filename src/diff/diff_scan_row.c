/* diff_scan_row.c: the scan's row parser (strict RFC 4180, common forms only) and its value checks. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "dataset/dataset_internal.h"
#include "diff_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- the row parser ---------------------------------------------------------------------- */

void kg_diff__rowp_free(kgd_rowp *r)
{
    free(r->buf);
    free(r->ptr);
    free(r->flen);
    free(r->boff);
}

/* Makes room for one more field. 0, KGD_UNUSUAL (too many) or KGD_NOMEM. */
static int rowp_room(kgd_rowp *r)
{
    if (r->nf >= KGD_MAX_FIELDS)
        return KGD_UNUSUAL;
    if (r->nf < r->fcap)
        return 0;
    size_t n = r->fcap ? 2 * r->fcap : 32;
    const char **p = realloc(r->ptr, n * sizeof *p);
    if (!p)
        return KGD_NOMEM;
    r->ptr = p;
    size_t *a = realloc(r->flen, n * sizeof *a);
    if (!a)
        return KGD_NOMEM;
    r->flen = a;
    a = realloc(r->boff, n * sizeof *a);
    if (!a)
        return KGD_NOMEM;
    r->boff = a;
    r->fcap = n;
    return 0;
}

/* Copies a quoted field's inside s[0..n) into buf with doubled quotes undone and CRLF as
 * LF, as field nf. 0 or KGD_NOMEM. */
static int rowp_unescape(kgd_rowp *r, const char *s, size_t n)
{
    if (kg_diff__scan_grow(&r->buf, &r->cap, r->len + n + 1, 1) != 0)
        return KGD_NOMEM;
    size_t start = r->len;
    for (size_t i = 0; i < n; i++) {
        if ((s[i] == '"' && i + 1 < n && s[i + 1] == '"') || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
            i++;
        r->buf[r->len++] = s[i];
    }
    r->boff[r->nf] = start;
    r->flen[r->nf] = r->len - start;
    return 0;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Bytes of w equal to c (their high bits). The lowest flagged byte is always right. */
static uint64_t bytes_eq(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (ONES * c);
    return (x - ONES) & ~x & HIGHS;
}

/* Bytes of w below 0x20 or from 0x7F up: control bytes, DEL and non-ASCII. */
static uint64_t bytes_odd(uint64_t w)
{
    return (((w - ONES * 0x20) & ~w) | w | (w + ONES)) & HIGHS;
}

/* Offset of the first byte of data[p..size) that a fast loop cannot skip (a quote, and in
 * unquoted fields the delimiter delim, CR or LF; control bytes and non-ASCII in both): 16
 * bytes at a time with SSE2, else 8 with plain 64-bit arithmetic. A tab delimiter is a
 * control byte, stopped at anyway. */
static size_t skip_plain(const char *data, size_t p, size_t size, int quoted, char delim)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), comma = _mm_set1_epi8(quoted ? '"' : delim);
    const __m128i space = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7E);
    while (p + 16 <= size) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + p));
        /* signed compares: bytes >= 0x80 are negative, so "< 0x20" catches them too */
        __m128i odd = _mm_or_si128(_mm_cmpgt_epi8(v, del), _mm_cmplt_epi8(v, _mm_add_epi8(space, _mm_set1_epi8(1))));
        __m128i hit = _mm_or_si128(odd, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, comma)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return p + (size_t)__builtin_ctz(m);
        p += 16;
    }
#endif
    while (p + 8 <= size) {
        uint64_t w;
        memcpy(&w, data + p, 8);
        uint64_t m = bytes_eq(w, '"') | bytes_odd(w);
        if (!quoted)
            m |= bytes_eq(w, (unsigned char)delim);
        if (m)
            return p + ((size_t)__builtin_ctzll(m) >> 3);
        p += 8;
    }
    return p;
}

/* Length of the character at data[p] (a byte of 0x80 or more) when the loader takes it:
 * well-formed UTF-8 that the shared text check (utf8.c, the loader's) accepts; 0 when
 * not (the side is then unusual and the model method reports it). The scan checks ASCII
 * bytes itself, as that check does, but never judges a non-ASCII character on its own. */
static size_t text_char(const char *data, size_t p, size_t size)
{
    size_t n = kg_utf8__sequence((const unsigned char *)data + p, size - p), off;
    return n && kg_text__check(data + p, n, &off) == KG_TEXT_OK ? n : 0;
}

/* Parses the row at *pos of data[0..size). Returns KGD_ROW_PARSED (*pos after its line end,
 * *raw_end after its last field), KGD_ROW_BLANK (a blank line, skipped; *pos after it),
 * KGD_UNUSUAL or KGD_NOMEM (*pos unchanged). Only
 * plainly valid rows are accepted: fields unquoted without quotes, spaces or tabs at
 * either end, or quoted with nothing but a comma or line end after the closing quote;
 * lines ended by LF or CRLF; text valid UTF-8 with no control byte but tab (and LF or
 * CRLF inside quotes), as kg_text__check wants it; no field longer than the limit. */
int kg_diff__parse_row(kgd_rowp *r, const char *data, size_t size, size_t *pos, size_t *raw_end)
{
    size_t p = *pos;
    const char delim = r->delim ? r->delim : ',';
    r->len = r->nf = 0;
    if (p < size && data[p] == '\n') {
        *pos = p + 1;
        return KGD_ROW_BLANK;
    }
    if (p + 1 < size && data[p] == '\r' && data[p + 1] == '\n') {
        *pos = p + 2;
        return KGD_ROW_BLANK;
    }
    for (;;) {
        int rc = rowp_room(r);
        if (rc)
            return rc;
        if (p < size && data[p] == '"') {
            size_t begin = ++p;
            int undo = 0;
            for (;;) {
                p = skip_plain(data, p, size, 1, delim);
                if (p >= size)
                    return KGD_UNUSUAL; /* unterminated */
                unsigned char c = (unsigned char)data[p];
                if (c == '"') {
                    if (p + 1 < size && data[p + 1] == '"') {
                        undo = 1;
                        p += 2;
                        continue;
                    }
                    break;
                }
                if (c >= 0x80) {
                    size_t n = text_char(data, p, size);
                    if (!n)
                        return KGD_UNUSUAL;
                    p += n;
                } else if (c == '\r' && p + 1 < size && data[p + 1] == '\n') {
                    undo = 1;
                    p += 2;
                } else if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n') {
                    p++;
                } else {
                    return KGD_UNUSUAL; /* a control byte, DEL or a lone CR */
                }
            }
            size_t n = p - begin;
            if (n > r->max_field)
                return KGD_UNUSUAL;
            if (undo) {
                if ((rc = rowp_unescape(r, data + begin, n)) != 0)
                    return rc;
            } else {
                r->ptr[r->nf] = data + begin;
                r->flen[r->nf] = n;
                r->boff[r->nf] = SIZE_MAX;
            }
            p++;
        } else {
            size_t s = p;
            for (;;) {
                p = skip_plain(data, p, size, 0, delim);
                if (p >= size)
                    break;
                unsigned char c = (unsigned char)data[p];
                if (c == (unsigned char)delim || c == '\n' || c == '\r')
                    break;
                if (c >= 0x80) {
                    size_t n = text_char(data, p, size);
                    if (!n)
                        return KGD_UNUSUAL;
                    p += n;
                } else if ((c >= 0x20 && c < 0x7F && c != '"') || c == '\t') {
                    p++; /* (a tab delimiter stopped the loop above) */
                } else {
                    return KGD_UNUSUAL; /* a quote inside, a control byte or DEL */
                }
            }
            size_t n = p - s;
            if (n && (data[s] == ' ' || data[s] == '\t' || data[p - 1] == ' ' || data[p - 1] == '\t'))
                return KGD_UNUSUAL; /* libcsv trims these (a tab delimiter ended the field) */
            if (n > r->max_field)
                return KGD_UNUSUAL;
            r->ptr[r->nf] = data + s;
            r->flen[r->nf] = n;
            r->boff[r->nf] = SIZE_MAX;
        }
        r->nf++;
        *raw_end = p;
        int end = 1;
        if (p >= size)
            *pos = p;
        else if (data[p] == delim)
            end = 0, p++;
        else if (data[p] == '\n')
            *pos = p + 1;
        else if (data[p] == '\r' && p + 1 < size && data[p + 1] == '\n')
            *pos = p + 2;
        else
            return KGD_UNUSUAL; /* text after a closing quote, or a lone CR */
        if (end) {
            for (size_t i = 0; i < r->nf; i++) /* buf may have moved */
                if (r->boff[i] != SIZE_MAX)
                    r->ptr[i] = r->buf + r->boff[i];
            return KGD_ROW_PARSED;
        }
    }
}

/* ---- value checks (as load.c makes them) -------------------------------------------------- */

/* kg_confidence__parse on s[0..n) (not NUL-terminated); -1 also for texts of 64 bytes or more
 * (the model method decides those). */
int kg_diff__parse_confidence_n(const char *s, size_t n, double *out)
{
    char tmp[64];
    if (n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return kg_confidence__parse(tmp, out);
}

