/* gen.c: writes a deterministic synthetic kgraph dataset (entities, relations, sources CSV + the same graph as DOT) for scripts/bench. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- pseudo-random numbers: splitmix64, one global stream ------------------------- */

static uint64_t rng_state;

/* Returns the next 64 random bits of the stream seeded by rng_seed(). */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Restarts the stream; the same seed always gives the same sequence. */
static void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

/* Returns a number in [0, n) for 0 < n < 2^32 (multiply-shift, bias below 2^-32). */
static uint32_t rng_below(uint32_t n)
{
    return (uint32_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* Returns nonzero with probability num/den (den > 0). */
static int rng_chance(uint32_t num, uint32_t den)
{
    return rng_below(den) < num;
}

/* ---- buffered output with counting ------------------------------------------------ */

#define OUT_CAP (1u << 20)

typedef struct out {
    FILE *f;
    const char *path;
    char *buf;
    size_t len;
    uint64_t total; /* bytes written so far, flushed or not */
} out;

/* Prints "gen: MSG: PATH: strerror" and exits 1; for unrecoverable I/O errors. */
static void die_io(const char *what, const char *path)
{
    fprintf(stderr, "gen: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* Opens path for writing into *o (exits on failure). */
static void out_open(out *o, const char *path)
{
    o->path = path;
    o->f = fopen(path, "wb");
    if (!o->f)
        die_io("cannot create", path);
    o->buf = malloc(OUT_CAP);
    if (!o->buf) {
        fputs("gen: out of memory\n", stderr);
        exit(1);
    }
    o->len = 0;
    o->total = 0;
}

/* Writes the buffered bytes to the file (exits on failure). */
static void out_flush(out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        die_io("cannot write", o->path);
    o->len = 0;
}

/* Flushes and closes o, checking every step (exits on failure). */
static void out_close(out *o)
{
    out_flush(o);
    if (fclose(o->f) != 0)
        die_io("cannot close", o->path);
    free(o->buf);
    o->buf = NULL;
}

/* Appends n bytes. */
static void put(out *o, const char *s, size_t n)
{
    if (o->len + n > OUT_CAP) {
        out_flush(o);
        if (n > OUT_CAP) {
            if (fwrite(s, 1, n, o->f) != n)
                die_io("cannot write", o->path);
            o->total += n;
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->total += n;
}

/* Appends a NUL-terminated string. */
static void put_s(out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* Appends one byte. */
static void put_c(out *o, char c)
{
    put(o, &c, 1);
}

/* Appends v in decimal, zero-padded to at least width digits (width <= 20). */
static void put_u(out *o, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < 20)
        tmp[sizeof tmp - 1 - n++] = '0';
    put(o, tmp + sizeof tmp - n, (size_t)n);
}

/* Appends s (n bytes) as one CSV field: quoted, with quotes doubled, only when it holds
 * a comma, a quote, CR or LF. */
static void put_csv(out *o, const char *s, size_t n)
{
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
        put(o, s, n);
        return;
    }
    put_c(o, '"');
    for (const char *p = s, *end = s + n; p < end;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q) {
            put(o, p, (size_t)(end - p));
            break;
        }
        put(o, p, (size_t)(q - p + 1));
        put_c(o, '"');
        p = q + 1;
    }
    put_c(o, '"');
}

/* Appends s as the inside of a DOT double-quoted string: '"' and '\' are escaped, a
 * newline becomes \n (so the text reads back as written, without escape expansion). */
static void put_dot(out *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put_c(o, '\\');
        if (*s == '\n') {
            put(o, "\\n", 2);
            continue;
        }
        put_c(o, *s);
    }
}

/* ---- vocabulary ------------------------------------------------------------------- */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const TYPES[] = {"person", "country", "organization", "alliance",
                                    "agreement", "event", "place"};
/* Relative weights of TYPES (sum 100). */
static const uint32_t TYPE_WEIGHT[] = {40, 5, 25, 3, 7, 10, 10};

/* Syllables for made-up names: each starts with an ASCII consonant (so the first can be
 * capitalised by changing one byte); a few carry non-ASCII letters. */
static const char *const SYL[] = {"ka", "lo", "ve", "tri", "mar", "sen", "do", "ru",
                                  "bel", "qua", "zen", "fi", "gor", "hal", "ni", "pe",
                                  "lü", "rø", "mé", "jö", "ta", "wen", "cas", "yor"};

static const char *const FIRST[] = {"Ayşe", "Ünal", "José", "Zoë", "Mikael", "Anna",
                                    "Łukasz", "Chloé", "Omar", "Ingrid", "Kenji", "Fatima",
                                    "Björn", "Elena", "Tomás", "Priya", "Jürgen", "Maya",
                                    "Søren", "Amara", "Nikola", "Renée", "Daniel", "Leila"};

static const char *const VERBS[] = {
    "meets", "funds", "allies_with", "sanctions", "signs", "employs", "advises", "owns",
    "controls", "supports", "opposes", "criticizes", "negotiates_with", "member_of",
    "located_in", "leads", "founded", "hosts", "attends", "trades_with", "invests_in",
    "borders", "succeeds", "accuses", "endorses", "mediates", "ratifies", "violates",
    "cooperates_with", "threatens"};

static const char *const POLARITY[] = {"positive", "negative", "neutral"};

static const char *const OPENERS[] = {"According to the report", "Officials said",
                                      "In a statement", "The minutes record that",
                                      "Witnesses in Zürich said", "Ünal wrote that",
                                      "Sources close to the talks said", "It is alleged that"};

static const char *const WORDS[] = {
    "the", "delegation", "agreed", "to", "continue", "talks", "on", "trade", "and",
    "security", "after", "a", "long", "meeting", "in", "Kraków", "with", "representatives",
    "of", "both", "sides", "—", "though", "several", "details", "remain", "unclear",
    "São", "Paulo", "funding", "was", "approved", "by", "committee", "members", "despite",
    "objections", "from", "café", "owners", "naïve", "observers", "expected", "new",
    "sanctions", "before", "the", "summit", "were", "announced", "publicly", "late",
    "Tuesday", "while", "negotiators", "in", "Genève", "declined", "comment", "further"};

static const char *const PHRASES[] = {"no deal", "a historic step", "under review",
                                      "fully committed", "premature, at best"};

static const char *const ORG_SUFFIX[] = {"Holdings", "Institute", "Group", "Foundation",
                                         "Ministry", "Bank", "Party", "Council"};
static const char *const PLACE_SUFFIX[] = {"Valley", "Harbour", "Square", "Province",
                                           "Bay", "Heights"};
static const char *const EVENT_KIND[] = {"Summit", "Conference", "Crisis", "Election",
                                         "Forum"};

/* ---- text builders ---------------------------------------------------------------- */

/* A small growable string; text always NUL-terminated. */
typedef struct sbuf {
    char text[1024];
    size_t len;
} sbuf;

/* Appends s to b, truncating silently at the capacity (never reached by the builders). */
static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (n > sizeof b->text - 1 - b->len)
        n = sizeof b->text - 1 - b->len;
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

/* Appends v in decimal to b. */
static void sb_num(sbuf *b, unsigned long v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%lu", v);
    sb_add(b, tmp);
}

/* Appends a capitalised made-up name that is unique for each index i (i < 24^5 gives
 * at least three syllables, scrambled so neighbouring indices do not look alike). */
static void sb_name(sbuf *b, uint64_t i)
{
    const uint64_t span = UINT64_C(7962624); /* 24^5 */
    uint64_t v = i < span ? (i * UINT64_C(1000003)) % span : i; /* bijection on [0, span) */
    v += COUNT(SYL) * COUNT(SYL);
    size_t start = b->len;
    do {
        sb_add(b, SYL[v % COUNT(SYL)]);
        v /= COUNT(SYL);
    } while (v);
    if (b->text[start] >= 'a' && b->text[start] <= 'z')
        b->text[start] = (char)(b->text[start] - 'a' + 'A');
}

/* Writes entity id "e" + at least six digits for 1-based number n into buf. */
static void format_id(char *buf, size_t cap, uint64_t n)
{
    snprintf(buf, cap, "e%06llu", (unsigned long long)n);
}

/* Builds the label of entity number i (0-based) of type t into b; unique per i. */
static void make_label(sbuf *b, uint64_t i, size_t t)
{
    b->len = 0;
    b->text[0] = '\0';
    switch (t) {
    case 0: /* person */
        sb_add(b, FIRST[rng_below(COUNT(FIRST))]);
        sb_add(b, " ");
        sb_name(b, i);
        break;
    case 1: /* country */
        sb_add(b, "Republic of ");
        sb_name(b, i);
        break;
    case 2: /* organization */
        sb_name(b, i);
        sb_add(b, " ");
        sb_add(b, ORG_SUFFIX[rng_below(COUNT(ORG_SUFFIX))]);
        break;
    case 3: /* alliance */
        sb_name(b, i);
        sb_add(b, " Pact");
        break;
    case 4: /* agreement */
        sb_name(b, i);
        sb_add(b, " Accord of ");
        sb_num(b, 1950 + rng_below(75));
        break;
    case 5: /* event */
        sb_name(b, i);
        sb_add(b, " ");
        sb_add(b, EVENT_KIND[rng_below(COUNT(EVENT_KIND))]);
        break;
    default: /* place */
        sb_name(b, i);
        sb_add(b, " ");
        sb_add(b, PLACE_SUFFIX[rng_below(COUNT(PLACE_SUFFIX))]);
        break;
    }
}

/* Builds a quote of roughly 100-170 bytes into b: a sentence ending in '.', sometimes with
 * commas, a phrase in double quotes, or (rarely) a line break. */
static void make_quote(sbuf *b)
{
    size_t want = 100 + rng_below(71);
    b->len = 0;
    b->text[0] = '\0';
    sb_add(b, OPENERS[rng_below(COUNT(OPENERS))]);
    int quoted = rng_chance(3, 100);
    int newline = rng_chance(1, 200);
    while (b->len + 4 < want) {
        if (rng_chance(1, 9))
            sb_add(b, ",");
        if (newline && b->len > want / 2) {
            sb_add(b, "\n");
            newline = 0;
        } else {
            sb_add(b, " ");
        }
        if (quoted && b->len > want / 3) {
            sb_add(b, "\"");
            sb_add(b, PHRASES[rng_below(COUNT(PHRASES))]);
            sb_add(b, "\"");
            quoted = 0;
        } else {
            sb_add(b, WORDS[rng_below(COUNT(WORDS))]);
        }
    }
    sb_add(b, ".");
}

/* Returns the number of days in month m (1-12) of year y (Gregorian). */
static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

/* Appends a random valid date YYYY-MM-DD between 1950 and 2024. */
static void put_date(out *o)
{
    int y = 1950 + (int)rng_below(75);
    int m = 1 + (int)rng_below(12);
    int d = 1 + (int)rng_below((uint32_t)days_in_month(y, m));
    put_u(o, (uint64_t)y, 4);
    put_c(o, '-');
    put_u(o, (uint64_t)m, 2);
    put_c(o, '-');
    put_u(o, (uint64_t)d, 2);
}

/* ---- the three tables and the DOT file -------------------------------------------- */

typedef struct config {
    uint64_t entities, relations, sources, seed;
    const char *dir;
} config;

/* Returns the path DIR/name in a fresh buffer (exits when out of memory). */
static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) {
        fputs("gen: out of memory\n", stderr);
        exit(1);
    }
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Picks a weighted random entity type index into TYPES. */
static size_t pick_type(void)
{
    uint32_t r = rng_below(100);
    size_t t = 0;
    while (t + 1 < COUNT(TYPES) && r >= TYPE_WEIGHT[t])
        r -= TYPE_WEIGHT[t++];
    return t;
}

/* Writes sources.csv with cfg->sources rows d001, d002, ... */
static void write_sources(const config *cfg, out *o)
{
    static const char *const PUBLISHERS[] = {"Daily Ledger", "Ministry of Records",
                                             "Nordic Wire", "Revista Económica"};
    sbuf b;
    put_s(o, "id,title,publisher,author,date,url,file\n");
    for (uint64_t i = 1; i <= cfg->sources; i++) {
        char id[32];
        snprintf(id, sizeof id, "d%03llu", (unsigned long long)i);
        put_s(o, id);
        put_c(o, ',');
        b.len = 0;
        b.text[0] = '\0';
        sb_add(&b, "Report on ");
        sb_name(&b, i);
        sb_add(&b, rng_chance(1, 3) ? ", part " : " — vol. ");
        sb_num(&b, 1 + rng_below(9));
        put_csv(o, b.text, b.len);
        put_c(o, ',');
        put_s(o, PUBLISHERS[rng_below(COUNT(PUBLISHERS))]);
        put_c(o, ',');
        b.len = 0;
        b.text[0] = '\0';
        sb_add(&b, FIRST[rng_below(COUNT(FIRST))]);
        sb_add(&b, " ");
        sb_name(&b, i + 1000);
        put_csv(o, b.text, b.len);
        put_c(o, ',');
        put_date(o);
        put_s(o, ",https://example.org/d/");
        put_s(o, id);
        put_s(o, ",\n"); /* no file: the dataset ships no documents */
    }
}

/* Writes entities.csv and the node statements of the DOT file. */
static void write_entities(const config *cfg, out *csv, out *dot)
{
    sbuf label, desc;
    char id[32];
    put_s(csv, "id,label,type,aliases,description,url\n");
    for (uint64_t i = 0; i < cfg->entities; i++) {
        size_t t = pick_type();
        format_id(id, sizeof id, i + 1);
        make_label(&label, i, t);

        put_s(csv, id);
        put_c(csv, ',');
        put_csv(csv, label.text, label.len);
        put_c(csv, ',');
        put_s(csv, TYPES[t]);
        put_c(csv, ',');
        if (rng_chance(1, 5)) { /* aliases "a;b" or a single one */
            sbuf al = {.len = 0};
            al.text[0] = '\0';
            sb_name(&al, i + 500000);
            if (rng_chance(1, 2)) {
                sb_add(&al, ";");
                sb_add(&al, FIRST[rng_below(COUNT(FIRST))]);
                sb_add(&al, " ");
                sb_name(&al, i + 900000);
            }
            put_csv(csv, al.text, al.len);
        }
        put_c(csv, ',');
        if (rng_chance(2, 3)) {
            desc.len = 0;
            desc.text[0] = '\0';
            sb_add(&desc, strchr("aeiou", TYPES[t][0]) ? "An " : "A ");
            sb_add(&desc, TYPES[t]);
            sb_add(&desc, rng_chance(1, 2) ? " based in Kraków, active since " : " — founded in ");
            sb_num(&desc, 1900 + rng_below(120));
            if (rng_chance(1, 2))
                sb_add(&desc, ", noted for trade, finance and diplomacy");
            put_csv(csv, desc.text, desc.len);
        }
        put_c(csv, ',');
        if (rng_chance(1, 2)) {
            put_s(csv, "https://example.org/e/");
            put_s(csv, id);
        }
        put_c(csv, '\n');

        put_s(dot, "\"");
        put_s(dot, id);
        put_s(dot, "\" [label=\"");
        put_dot(dot, label.text);
        put_s(dot, "\"];\n");
    }
}

#define RING 4096

/* Writes relations.csv and the edge statements of the DOT file; returns the number of
 * rows that deliberately repeat an earlier (source, relation, target). */
static uint64_t write_relations(const config *cfg, out *csv, out *dot)
{
    static uint32_t ring_s[RING], ring_t[RING], ring_v[RING];
    uint64_t repeats = 0;
    uint32_t hubs = (uint32_t)(cfg->entities / 100 + 1);
    sbuf quote;
    char src[32], dst[32], who[32];
    put_s(csv, "source,relation,target,polarity,date,doc,quote,confidence,claimed_by\n");
    for (uint64_t i = 0; i < cfg->relations; i++) {
        uint32_t s, t, v;
        if (i >= RING && rng_chance(1, 20)) { /* another citation of a recent triple */
            uint32_t k = rng_below(RING);
            s = ring_s[k];
            t = ring_t[k];
            v = ring_v[k];
            repeats++;
        } else { /* a fifth of the ends fall on the first 1% of entities: hubs */
            s = rng_chance(1, 5) ? rng_below(hubs) : rng_below((uint32_t)cfg->entities);
            t = rng_chance(1, 5) ? rng_below(hubs) : rng_below((uint32_t)cfg->entities);
            v = rng_below(COUNT(VERBS));
        }
        ring_s[i % RING] = s;
        ring_t[i % RING] = t;
        ring_v[i % RING] = v;
        format_id(src, sizeof src, (uint64_t)s + 1);
        format_id(dst, sizeof dst, (uint64_t)t + 1);

        put_s(csv, src);
        put_c(csv, ',');
        put_s(csv, VERBS[v]);
        put_c(csv, ',');
        put_s(csv, dst);
        put_c(csv, ',');
        put_s(csv, POLARITY[rng_below(COUNT(POLARITY))]);
        put_c(csv, ',');
        if (rng_chance(17, 20))
            put_date(csv);
        put_c(csv, ',');
        put_c(csv, 'd');
        put_u(csv, 1 + rng_below((uint32_t)cfg->sources), 3);
        put_c(csv, ',');
        make_quote(&quote);
        put_csv(csv, quote.text, quote.len);
        put_c(csv, ',');
        if (rng_chance(7, 10)) {
            uint32_t c = rng_below(101);
            put_u(csv, c / 100, 1);
            put_c(csv, '.');
            put_u(csv, c % 100, 2);
        }
        put_c(csv, ',');
        if (rng_chance(1, 5)) {
            format_id(who, sizeof who, 1 + (uint64_t)rng_below((uint32_t)cfg->entities));
            put_s(csv, who);
        }
        put_c(csv, '\n');

        put_c(dot, '"');
        put_s(dot, src);
        put_s(dot, "\" -> \"");
        put_s(dot, dst);
        put_s(dot, "\" [label=\"");
        put_s(dot, VERBS[v]);
        put_s(dot, "\"];\n");
    }
    return repeats;
}

/* ---- --mutate: the NEW side of the diff benchmark ------------------------------------ */

/* Reads a whole file into a new NUL-terminated buffer (exits on failure). */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die_io("cannot open", path);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fputs("gen: out of memory\n", stderr);
            exit(1);
        }
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    if (ferror(f))
        die_io("cannot read", path);
    fclose(f);
    buf[n] = '\0';
    *size = n;
    return buf;
}

/* Counts the rows of a CSV text (line feeds outside quotes), header included. */
static uint64_t count_rows(const char *s, size_t n)
{
    uint64_t rows = 0;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (s[i] == '\n' && !quoted)
            rows++;
    }
    return rows;
}

/* A row of relations.csv: where its text is. */
typedef struct span {
    const char *text;
    size_t len;
} span;

/* Splits text into rows (without their line feeds); returns them, *n their number. */
static span *split_rows(const char *text, size_t size, size_t *n)
{
    size_t cap = 1024;
    span *rows = malloc(cap * sizeof *rows);
    *n = 0;
    int quoted = 0;
    size_t start = 0;
    for (size_t i = 0; i <= size && rows; i++) {
        if (i < size && text[i] == '"') {
            quoted = !quoted;
            continue;
        }
        if (i < size && (text[i] != '\n' || quoted))
            continue;
        if (i > start) {
            if (*n == cap)
                rows = realloc(rows, (cap *= 2) * sizeof *rows);
            if (rows)
                rows[(*n)++] = (span){text + start, i - start};
        }
        start = i + 1;
    }
    if (!rows) {
        fputs("gen: out of memory\n", stderr);
        exit(1);
    }
    return rows;
}

/* Splits one row into its 9 fields (unquoted into buffers of 1024 bytes each). */
static void split_fields(span row, char fields[9][1024])
{
    size_t f = 0, w = 0, i = 0;
    memset(fields, 0, 9 * 1024);
    while (i < row.len && f < 9) {
        if (row.text[i] == '"') {
            for (i++; i < row.len; i++) {
                if (row.text[i] == '"') {
                    if (i + 1 < row.len && row.text[i + 1] == '"')
                        i++;
                    else
                        break;
                }
                if (w < 1023)
                    fields[f][w++] = row.text[i];
            }
            i++;
        } else {
            while (i < row.len && row.text[i] != ',') {
                if (w < 1023)
                    fields[f][w++] = row.text[i];
                i++;
            }
        }
        if (i < row.len && row.text[i] == ',') {
            f++;
            w = 0;
        }
        i++;
    }
}

/* Writes a mutated copy of a row: one of polarity, date, confidence, quote or claimed_by
 * changes (kind picks which), the row stays valid. */
static void put_changed_row(out *o, span row, unsigned kind, uint64_t entities)
{
    static char fields[9][1024];
    split_fields(row, fields);
    switch (kind % 5) {
    case 0: /* polarity */
        strcpy(fields[3], strcmp(fields[3], "positive") == 0 ? "negative" : "positive");
        break;
    case 1: { /* date */
        int y = 1950 + (int)rng_below(75);
        snprintf(fields[4], sizeof fields[4], "%04d-%02d", y, 1 + (int)rng_below(12));
        break;
    }
    case 2: /* confidence */
        snprintf(fields[7], sizeof fields[7], "0.%02u", (unsigned)(fields[7][0] ? 1 + rng_below(98) : 42));
        if (strcmp(fields[7], "0.42") == 0 && row.len % 2)
            strcpy(fields[7], "0.43");
        break;
    case 3: /* quote edited */
        strncat(fields[6], " (corrected)", sizeof fields[6] - strlen(fields[6]) - 1);
        break;
    default: /* claimed by someone else */
        format_id(fields[8], sizeof fields[8], 1 + (uint64_t)rng_below((uint32_t)entities));
        break;
    }
    for (int f = 0; f < 9; f++) {
        if (f)
            put_c(o, ',');
        put_csv(o, fields[f], strlen(fields[f]));
    }
}

/* Appends one new random relation row (and its line feed). */
static void put_new_row(out *o, uint64_t entities, uint64_t sources)
{
    sbuf quote;
    char id[32];
    format_id(id, sizeof id, 1 + (uint64_t)rng_below((uint32_t)entities));
    put_s(o, id);
    put_c(o, ',');
    put_s(o, VERBS[rng_below(COUNT(VERBS))]);
    put_c(o, ',');
    format_id(id, sizeof id, 1 + (uint64_t)rng_below((uint32_t)entities));
    put_s(o, id);
    put_c(o, ',');
    put_s(o, POLARITY[rng_below(COUNT(POLARITY))]);
    put_c(o, ',');
    put_date(o);
    put_s(o, ",d");
    put_u(o, 1 + rng_below((uint32_t)sources), 3);
    put_c(o, ',');
    make_quote(&quote);
    sb_add(&quote, " (new)");
    put_csv(o, quote.text, quote.len);
    put_s(o, ",0.75,\n");
}

/* Copies a file byte for byte (exits on failure). */
static void copy_file(const char *from, const char *to)
{
    size_t n;
    char *data = slurp(from, &n);
    out o;
    out_open(&o, to);
    put(&o, data, n);
    out_close(&o);
    free(data);
}

/* gen --mutate OLD NEW: NEW is OLD with relations.csv rows shuffled, percent% of them
 * removed, percent% changed and percent% new ones added; entities.csv and sources.csv
 * are copied. Deterministic for a seed. */
static int mutate(const char *old_dir, const char *new_dir, uint64_t seed, uint64_t percent)
{
    if (mkdir(new_dir, 0777) != 0 && errno != EEXIST)
        die_io("cannot create directory", new_dir);
    char *pe = join(old_dir, "entities.csv"), *ps = join(old_dir, "sources.csv");
    char *pr = join(old_dir, "relations.csv");
    char *qe = join(new_dir, "entities.csv"), *qs = join(new_dir, "sources.csv");
    char *qr = join(new_dir, "relations.csv");
    size_t size, nrows;
    char *ent = slurp(pe, &size);
    uint64_t entities = count_rows(ent, size) - 1;
    free(ent);
    char *src = slurp(ps, &size);
    uint64_t sources = count_rows(src, size) - 1;
    free(src);
    char *rel = slurp(pr, &size);
    span *rows = split_rows(rel, size, &nrows);
    if (nrows < 2 || entities < 1 || sources < 1) {
        fputs("gen: --mutate needs a generated dataset\n", stderr);
        return 1;
    }
    size_t body = nrows - 1, k = (size_t)(body * percent / 100);
    rng_seed(seed ^ UINT64_C(0x6D7574617465));
    /* 0 kept, 1 removed, 2 changed */
    unsigned char *fate = calloc(body, 1);
    size_t *order = malloc((body + k) * sizeof *order);
    if (!fate || !order) {
        fputs("gen: out of memory\n", stderr);
        return 1;
    }
    for (int what = 1; what <= 2; what++)
        for (size_t done = 0; done < k;) {
            size_t i = rng_below((uint32_t)body);
            if (!fate[i]) {
                fate[i] = (unsigned char)what;
                done++;
            }
        }
    size_t n = 0;
    for (size_t i = 0; i < body; i++)
        if (fate[i] != 1)
            order[n++] = i;
    for (size_t i = 0; i < k; i++)
        order[n++] = body + i; /* the new rows */
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
        size_t j = rng_below((uint32_t)i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    out o;
    out_open(&o, qr);
    put(&o, rows[0].text, rows[0].len);
    put_c(&o, '\n');
    unsigned changed = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i];
        if (r >= body) {
            put_new_row(&o, entities, sources);
        } else if (fate[r] == 2) {
            put_changed_row(&o, rows[r + 1], changed++, entities);
            put_c(&o, '\n');
        } else {
            put(&o, rows[r + 1].text, rows[r + 1].len);
            put_c(&o, '\n');
        }
    }
    out_close(&o);
    copy_file(pe, qe);
    copy_file(ps, qs);
    printf("gen: mutate: %zu rows of %s: %zu removed, %zu changed, %zu added, shuffled; "
           "relations.csv %.1f MB\n", body, old_dir, k, k, k, (double)o.total / 1e6);
    free(fate);
    free(order);
    free(rows);
    free(rel);
    free(pe);
    free(ps);
    free(pr);
    free(qe);
    free(qs);
    free(qr);
    return 0;
}

/* ---- command line ----------------------------------------------------------------- */

/* Prints the usage text to f. */
static void usage(FILE *f)
{
    fputs("usage: gen [--entities N] [--relations N] [--sources N] [--seed N] DIR\n"
          "       gen --mutate OLD_DIR [--percent P] [--seed N] NEW_DIR\n"
          "Writes DIR/entities.csv, relations.csv, sources.csv and graph.dot (the same graph\n"
          "in DOT: one labelled node per entity, one labelled edge per relation row).\n"
          "Defaults: 100000 entities, 1000000 relations, 50 sources, a fixed seed.\n"
          "--mutate writes NEW_DIR from a generated OLD_DIR: its relation rows shuffled, P%\n"
          "(default 1) removed, P% changed (polarity, date, confidence, quote or claimed_by)\n"
          "and P% new ones added; entities.csv and sources.csv copied.\n",
          f);
}

/* Parses a decimal count in [min, max] from s into *v; returns 0, or -1 when invalid. */
static int parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || end == s || *end || s[0] == '-' || x < min || x > max)
        return -1;
    *v = x;
    return 0;
}

int main(int argc, char **argv)
{
    config cfg = {100000, 1000000, 50, UINT64_C(0x6B67726170680001), NULL};
    const char *mutate_from = NULL;
    uint64_t percent = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        uint64_t *dst = NULL, lo = 1, hi = UINT32_MAX - 1;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--mutate") && i + 1 < argc) {
            mutate_from = argv[++i];
            continue;
        } else if (!strcmp(a, "--percent")) {
            dst = &percent;
            hi = 30;
        } else if (!strcmp(a, "--entities")) {
            dst = &cfg.entities;
        } else if (!strcmp(a, "--relations")) {
            dst = &cfg.relations;
            lo = 0;
        } else if (!strcmp(a, "--sources")) {
            dst = &cfg.sources;
            hi = 999;
        } else if (!strcmp(a, "--seed")) {
            dst = &cfg.seed;
            lo = 0;
            hi = UINT64_MAX;
        } else if (a[0] == '-' || cfg.dir) {
            usage(stderr);
            return 2;
        } else {
            cfg.dir = a;
            continue;
        }
        if (i + 1 >= argc || parse_count(argv[i + 1], lo, hi, dst) != 0) {
            fprintf(stderr, "gen: %s needs a number in [%llu, %llu]\n", a,
                    (unsigned long long)lo, (unsigned long long)hi);
            return 2;
        }
        i++;
    }
    if (!cfg.dir) {
        usage(stderr);
        return 2;
    }
    if (mutate_from)
        return mutate(mutate_from, cfg.dir, cfg.seed, percent);
    if (mkdir(cfg.dir, 0777) != 0 && errno != EEXIST)
        die_io("cannot create directory", cfg.dir);

    char *p_src = join(cfg.dir, "sources.csv"), *p_ent = join(cfg.dir, "entities.csv");
    char *p_rel = join(cfg.dir, "relations.csv"), *p_dot = join(cfg.dir, "graph.dot");
    out src, ent, rel, dot;
    out_open(&src, p_src);
    out_open(&ent, p_ent);
    out_open(&rel, p_rel);
    out_open(&dot, p_dot);

    rng_seed(cfg.seed);
    write_sources(&cfg, &src);
    put_s(&dot, "digraph kgraph {\n");
    rng_seed(cfg.seed ^ UINT64_C(0x656E746974696573)); /* own stream per table */
    write_entities(&cfg, &ent, &dot);
    rng_seed(cfg.seed ^ UINT64_C(0x72656C6174696F6E));
    uint64_t repeats = write_relations(&cfg, &rel, &dot);
    put_s(&dot, "}\n");

    out_close(&src);
    out_close(&ent);
    out_close(&rel);
    out_close(&dot);
    printf("gen: %llu entities (%.1f MB), %llu relations (%.1f MB, %llu repeated triples), "
           "%llu sources; graph.dot %.1f MB\n",
           (unsigned long long)cfg.entities, (double)ent.total / 1e6,
           (unsigned long long)cfg.relations, (double)rel.total / 1e6,
           (unsigned long long)repeats, (unsigned long long)cfg.sources,
           (double)dot.total / 1e6);
    free(p_src);
    free(p_ent);
    free(p_rel);
    free(p_dot);
    return 0;
}
