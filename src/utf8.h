/* utf8.h: checking untrusted text: UTF-8 well-formedness and control characters. */
#ifndef KGRAPH_UTF8_H
#define KGRAPH_UTF8_H

#include <stddef.h>

typedef enum kg_text_problem {
    KG_TEXT_OK = 0,
    KG_TEXT_BAD_UTF8,   /* malformed, overlong, surrogate or > U+10FFFF */
    KG_TEXT_NUL,        /* a NUL byte */
    KG_TEXT_CONTROL,    /* a C0 control other than tab and LF, or DEL */
    KG_TEXT_LONE_CR     /* a CR not followed by LF */
} kg_text_problem;

/* Length of the well-formed multi-byte UTF-8 sequence at s (at most n bytes; s[0] >=
 * 0x80), or 0 when malformed, overlong, a surrogate or beyond U+10FFFF. */
size_t kg_utf8_sequence(const unsigned char *s, size_t n);

/* Checks s[0..len): returns KG_TEXT_OK or the first problem, with its byte offset in
 * *offset. Tab and LF are allowed; CR only as part of CRLF. */
kg_text_problem kg_text_check(const char *s, size_t len, size_t *offset);

#endif
