/* utf8.h: checking untrusted text: UTF-8 well-formedness and control characters. */
#ifndef KGRAPH_UTF8_H
#define KGRAPH_UTF8_H

#include <stddef.h>

typedef enum kg_text_problem {
    KG_TEXT_OK = 0,
    KG_TEXT_BAD_UTF8,   /* malformed, overlong, surrogate or > U+10FFFF */
    KG_TEXT_NUL,        /* a NUL byte */
    KG_TEXT_CONTROL,    /* a C0 control other than tab and LF, or DEL */
    KG_TEXT_LONE_CR,    /* a CR not followed by LF */
    KG_TEXT_C1,         /* a C1 control, U+0080 to U+009F (U+009B is an 8-bit CSI) */
    KG_TEXT_BIDI        /* a bidirectional embedding, override or isolate control,
                         * U+202A to U+202E or U+2066 to U+2069: it reorders the text
                         * around it when shown */
} kg_text_problem;

/* Length of the multi-byte UTF-8 sequence at s (at most n bytes; s[0] >= 0x80) when it
 * is well-formed and a character kgraph accepts in text, or 0 when malformed, overlong,
 * a surrogate, beyond U+10FFFF, a C1 control or a bidi control (KG_TEXT_C1 and
 * KG_TEXT_BIDI): every reader that walks text with it refuses what the loader refuses. */
size_t kg_utf8__sequence(const unsigned char *s, size_t n);

/* The code point of the well-formed sequence at s (at most n bytes), for messages; the
 * byte s[0] itself when the sequence is malformed or ASCII. */
unsigned long kg_utf8__code_point(const unsigned char *s, size_t n);

/* Checks s[0..len): returns KG_TEXT_OK or the first problem, with its byte offset in
 * *offset. Tab and LF are allowed; CR only as part of CRLF; C0 controls, DEL, C1
 * controls and bidi controls are refused. */
kg_text_problem kg_text__check(const char *s, size_t len, size_t *offset);

/* Bytes a caller of kg_text__plain_padded must have readable past the text's end. */
#define KG_TEXT_PAD 16

/* Nonzero when s[0..len) is all printable ASCII (0x20..0x7E): such text needs no other
 * check. s must be followed by KG_TEXT_PAD readable, initialised bytes (their value does
 * not matter), so that it can be read 16 bytes at a time without a byte-by-byte tail. */
int kg_text__plain_padded(const char *s, size_t len);

/* The line breaks kg_text__scan passed over. */
typedef struct kg_text_breaks {
    size_t lf;   /* line feeds, those of CRLF pairs included */
    size_t crlf; /* CRLF pairs */
} kg_text_breaks;

/* kg_text__check that also counts, in one pass, the line breaks before the first problem
 * (all of them when the result is KG_TEXT_OK) into *breaks. */
kg_text_problem kg_text__scan(const char *s, size_t len, size_t *offset, kg_text_breaks *breaks);

#endif
