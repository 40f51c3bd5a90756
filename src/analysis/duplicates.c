/* duplicates.c: warnings for entities that may name the same actor (shared or near-equal names). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_internal.h"
#include "kgraph/duplicates.h"

static const char *const titles[] = {KG_DUPLICATE_TITLES};

/* How many earlier names of the same key are searched for one written the same way (an
 * exact match is the better reason); bounded so that a key shared by many names stays
 * linear. */
#define EXACT_SEARCH 64

/* How many earlier names of the same hash but another key (a 32-bit collision, which
 * input can be made of on purpose) one name passes over before giving up its search. */
#define COLLISION_SEARCH 64

/* From this many names on, normalisation runs in two threads. */
#define PARALLEL_NAMES 20000
#define TITLE_COUNT (sizeof titles / sizeof titles[0])

enum { NAME_ID, NAME_LABEL, NAME_ALIAS };
static const char *const kind_names[] = {"id", "label", "alias"};

/* ---- normalisation ---------------------------------------------------------------- */

/* ASCII letters and digits lower-cased; 0 for every other ASCII byte (a separator). */
static const unsigned char ascii_lower[128] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z'};

/* The length of each title, and which bytes start one (filled on first use). */
static size_t title_len[TITLE_COUNT];
static unsigned char title_initials[256];

static void titles_init(void)
{
    if (title_len[0])
        return;
    for (size_t t = 0; t < TITLE_COUNT; t++) {
        title_len[t] = strlen(titles[t]);
        title_initials[(unsigned char)titles[t][0]] = 1;
    }
}

/* Writes name[0..len) lower-cased, with every run of separators as one space and no
 * space at either end, to tmp (len + 1 bytes); returns the length. */
static size_t spaced_lower(char *tmp, const char *name, size_t len)
{
    size_t n = 0;
    int gap = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)name[i];
        size_t step = 1;
        int sep = 0;
        char out[4];
        size_t olen = 1;
        if (c < 0x80) {
            unsigned char l = ascii_lower[c];
            if (!l) {
                gap = n > 0;
            } else {
                if (gap)
                    tmp[n++] = ' ';
                gap = 0;
                tmp[n++] = (char)l;
            }
            i++;
            continue;
        } else {
            step = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + step > len)
                step = len - i;
            unsigned char c1 = step > 1 ? (unsigned char)name[i + 1] : 0;
            if (c == 0xC2 || (c == 0xE2 && (c1 == 0x80 || c1 == 0x81)))
                sep = 1; /* U+0080-U+00BF, U+2000-U+207F: spaces, punctuation, symbols */
            memcpy(out, name + i, step);
            olen = step;
            if (c == 0xC3 && c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97)
                out[1] = (char)(c1 + 0x20); /* Latin-1 capitals (not U+00D7) */
        }
        if (sep) {
            gap = n > 0;
        } else {
            if (gap)
                tmp[n++] = ' ';
            gap = 0;
            memcpy(tmp + n, out, olen);
            n += olen;
        }
        i += step;
    }
    tmp[n] = '\0';
    return n;
}

/* Normalises name[0..len) in tmp (len + 1 bytes); returns the key's start in tmp and its
 * length in *klen. */
static const char *normalize(char *tmp, const char *name, size_t len, size_t *klen)
{
    size_t n = spaced_lower(tmp, name, len);
    char *s = tmp;
    titles_init();
    while (title_initials[(unsigned char)*s]) {
        size_t best = 0, left = n - (size_t)(s - tmp);
        for (size_t t = 0; t < TITLE_COUNT; t++) {
            size_t tl = title_len[t];
            if (tl > best && tl < left && s[tl] == ' ' && s[0] == titles[t][0] &&
                memcmp(s, titles[t], tl) == 0)
                best = tl;
        }
        if (!best)
            break;
        s += best + 1;
    }
    size_t k = 0;
    for (char *p = s; p < tmp + n; p++)
        if (*p != ' ')
            s[k++] = *p;
    s[k] = '\0';
    *klen = k;
    return s;
}

size_t kg_duplicates_normalize(char *out, size_t cap, const char *name, size_t len)
{
    char small[256], *tmp = len < sizeof small ? small : kg__malloc(len + 1);
    size_t klen = 0;
    if (!tmp) {
        if (cap)
            out[0] = '\0';
        return 0;
    }
    const char *key = normalize(tmp, name, len, &klen);
    if (cap) {
        size_t c = klen < cap ? klen : cap - 1;
        memcpy(out, key, c);
        out[c] = '\0';
    }
    if (tmp != small)
        kg_free(tmp);
    return klen;
}

/* ---- the names and their table ---------------------------------------------------- */

typedef struct name {
    const char *text; /* as written (not NUL-terminated for aliases) */
    uint32_t len;
    uint32_t entity;
    uint32_t key_off; /* the normalised key in finder.keys */
    uint32_t key_len;
    uint8_t kind;
} name;

typedef struct candidate {
    uint32_t a, b;     /* entities, a < b */
    uint32_t na, nb;   /* their names that matched */
    uint32_t seq;
    uint8_t exact;
} candidate;

typedef struct finder {
    const kg_dataset *ds;
    name *names;
    size_t count, cap;
    uint64_t *order;   /* hash << 32 | name index, sorted by hash */
    size_t norder;
    char *keys;        /* normalised keys; room for every name (len + 1 bytes each) */
    candidate *cands;
    size_t ncands, cands_cap;
} finder;

/* The 32-bit hash names are sorted by: the upper half of kg_hash__bytes, never 0. */
static uint32_t hash_bytes(const char *s, size_t n)
{
    return (uint32_t)(kg_hash__bytes(s, n, 0) >> 32) | 1;
}

static int add_name(finder *f, const char *text, size_t len, size_t entity, int kind)
{
    while (len && (text[0] == ' ' || text[0] == '\t' || text[0] == '\n')) {
        text++;
        len--;
    }
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n'))
        len--;
    if (!len || len > UINT32_MAX / 2)
        return KG_OK;
    if (kg_array__grow(&f->names, &f->cap, f->count, sizeof *f->names))
        return KG_ENOMEM;
    f->names[f->count++] = (name){text, (uint32_t)len, (uint32_t)entity, 0, 0, (uint8_t)kind};
    return KG_OK;
}

static int collect_names(finder *f)
{
    size_t n = kg_dataset_entity_count(f->ds), total = 0;
    for (size_t e = 0; e < n; e++) {
        const char *a = kg_dataset_entity(f->ds, e)->aliases;
        total += 2;
        for (; *a; a++)
            total += *a == ';';
        total += a != kg_dataset_entity(f->ds, e)->aliases;
    }
    f->names = kg__malloc((total ? total : 1) * sizeof *f->names);
    if (!f->names)
        return KG_ENOMEM;
    f->cap = total ? total : 1;
    for (size_t e = 0; e < n; e++) {
        const kg_entity *ent = kg_dataset_entity(f->ds, e);
        if (add_name(f, ent->id, strlen(ent->id), e, NAME_ID) ||
            (ent->label != ent->id && add_name(f, ent->label, strlen(ent->label), e, NAME_LABEL)))
            return KG_ENOMEM;
        for (const char *p = ent->aliases; *p;) {
            size_t l = strcspn(p, ";");
            if (add_name(f, p, l, e, NAME_ALIAS))
                return KG_ENOMEM;
            p += l;
            p += *p == ';';
        }
    }
    return KG_OK;
}

/* Records that name i may duplicate name held (another entity's, earlier in file order). */
static int add_candidate(finder *f, uint32_t held, uint32_t i)
{
    const name *h = &f->names[held], *mine = &f->names[i];
    if (h->entity == mine->entity)
        return KG_OK;
    if (kg_array__grow(&f->cands, &f->cands_cap, f->ncands, sizeof *f->cands))
        return KG_ENOMEM;
    int exact = h->len == mine->len && memcmp(h->text, mine->text, mine->len) == 0;
    f->cands[f->ncands] = (candidate){h->entity, mine->entity, held, i, (uint32_t)f->ncands,
                                      (uint8_t)exact};
    f->ncands++;
    return KG_OK;
}

/* Sorts f->order by its upper 32 bits (the hash), stably: three passes of LSD radix sort
 * (sequential memory access, unlike a hash table, which spent its time in cache misses). */
static int sort_by_hash(finder *f)
{
    uint64_t *tmp = kg__malloc((f->norder ? f->norder : 1) * sizeof *tmp);
    if (!tmp)
        return KG_ENOMEM;
    static const unsigned shifts[3] = {32, 43, 54};
    for (int p = 0; p < 3; p++) {
        size_t count[2048] = {0};
        unsigned sh = shifts[p];
        for (size_t i = 0; i < f->norder; i++)
            count[(f->order[i] >> sh) & 2047]++;
        size_t sum = 0;
        for (size_t b = 0; b < 2048; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < f->norder; i++)
            tmp[count[(f->order[i] >> sh) & 2047]++] = f->order[i];
        uint64_t *t = f->order;
        f->order = tmp;
        tmp = t;
    }
    kg_free(tmp);
    return KG_OK;
}

/* Normalises every name into f->keys (sized for all of them), sorts the names by the
 * hash of their key and pairs each name with the first name of its key. An exact match
 * is a normalised one too, so one pass finds both; the reason is told apart by comparing
 * the names as written. */
/* Normalises names [first, end): each into its own region of f->keys (key_off holds the
 * region's start on entry), order[i] = hash << 32 | i, or 0 when the key is empty. */
typedef struct norm_job {
    finder *f;
    size_t first, end;
} norm_job;

static void *normalize_names(void *arg)
{
    norm_job *job = arg;
    finder *f = job->f;
    for (size_t i = job->first; i < job->end; i++) {
        name *nm = &f->names[i];
        size_t klen;
        char *tmp = f->keys + nm->key_off;
        const char *key = normalize(tmp, nm->text, nm->len, &klen);
        nm->key_off = (uint32_t)(key - f->keys);
        nm->key_len = (uint32_t)klen;
        /* no letter or digit: nothing to compare */
        f->order[i] = klen ? (uint64_t)hash_bytes(key, klen) << 32 | (uint64_t)i : 0;
    }
    return NULL;
}

static int pass(finder *f)
{
    /* big inputs are normalised in two threads, each on its own names and key regions:
     * the result does not depend on the split */
    norm_job jobs[2] = {{f, 0, f->count / 2}, {f, f->count / 2, f->count}};
    pthread_t tid;
    int spawned = f->count >= PARALLEL_NAMES &&
                  pthread_create(&tid, NULL, normalize_names, &jobs[1]) == 0;
    if (!spawned)
        jobs[0].end = f->count;
    normalize_names(&jobs[0]);
    if (spawned)
        pthread_join(tid, NULL);
    for (size_t i = 0; i < f->count; i++)
        if (f->order[i])
            f->order[f->norder++] = f->order[i];
    if (sort_by_hash(f) != KG_OK)
        return KG_ENOMEM;
    /* run_end[m]: the end of the run of names of one entity that m is in. The sort is
     * stable and names are collected entity by entity, so an entity's names of one hash
     * are adjacent; the search below skips a run of the searching name's own entity in
     * one step (an entity with 500,000 aliases of one key was quadratic). */
    size_t *run_end = kg__malloc((f->norder ? f->norder : 1) * sizeof *run_end);
    if (!run_end)
        return KG_ENOMEM;
    for (size_t i = 0, j; i < f->norder; i = j) {
        uint32_t h = (uint32_t)(f->order[i] >> 32);
        for (j = i + 1; j < f->norder && (uint32_t)(f->order[j] >> 32) == h; j++)
            ;
        for (size_t m = j; m-- > i;)
            run_end[m] = m + 1 < j && f->names[(uint32_t)f->order[m + 1]].entity ==
                                          f->names[(uint32_t)f->order[m]].entity
                             ? run_end[m + 1] : m + 1;
        /* names i..j share a hash: pair each with an earlier name of the same key and
         * another entity, the first written the same way if one is among the next
         * EXACT_SEARCH, else the first (passing over at most COLLISION_SEARCH names of
         * another key) */
        for (size_t k = i + 1; k < j; k++) {
            uint32_t mi = (uint32_t)f->order[k];
            const name *mine = &f->names[mi];
            size_t pick = KG_NONE, seen = 0, passed = 0;
            for (size_t m = i; m < k && seen < EXACT_SEARCH && passed < COLLISION_SEARCH; m++) {
                const name *other = &f->names[(uint32_t)f->order[m]];
                if (other->entity == mine->entity) {
                    m = run_end[m] - 1;
                    continue;
                }
                if (other->key_len != mine->key_len ||
                    memcmp(f->keys + other->key_off, f->keys + mine->key_off, mine->key_len) != 0) {
                    passed++;
                    continue;
                }
                if (pick == KG_NONE)
                    pick = m;
                seen++;
                if (other->len == mine->len && memcmp(other->text, mine->text, mine->len) == 0) {
                    pick = m;
                    break;
                }
            }
            if (pick != KG_NONE && add_candidate(f, (uint32_t)f->order[pick], mi)) {
                kg_free(run_end);
                return KG_ENOMEM;
            }
        }
    }
    kg_free(run_end);
    return KG_OK;
}

static int cmp_candidate(const void *x, const void *y)
{
    const candidate *p = x, *q = y;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->exact != q->exact)
        return p->exact ? -1 : 1;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

static void report(const finder *f, kg_diagnostics *diags, const candidate *c)
{
    const kg_entity *a = kg_dataset_entity(f->ds, c->a), *b = kg_dataset_entity(f->ds, c->b);
    const name *na = &f->names[c->na], *nb = &f->names[c->nb];
    const char *file = kg_dataset_file_name(f->ds, KG_FILE_ENTITIES);
    if (c->exact)
        kg_diagnostics_add(diags, KG_SEVERITY_WARNING, file, b->line,
                           "entity '%s' may be a duplicate of '%s' (line %lu): its %s equals "
                           "the %s of '%s': '%.*s'",
                           b->id, a->id, a->line, kind_names[nb->kind], kind_names[na->kind],
                           a->id, (int)nb->len, nb->text);
    else
        kg_diagnostics_add(diags, KG_SEVERITY_WARNING, file, b->line,
                           "entity '%s' may be a duplicate of '%s' (line %lu): its %s '%.*s' "
                           "and the %s '%.*s' of '%s' differ only by case, punctuation or a title",
                           b->id, a->id, a->line, kind_names[nb->kind], (int)nb->len, nb->text,
                           kind_names[na->kind], (int)na->len, na->text, a->id);
}

int kg_duplicates_check(const kg_dataset *ds, kg_diagnostics *diags, size_t *found)
{
    finder f = {.ds = ds};
    int rc = KG_ENOMEM;
    size_t reported = 0;
    if (found)
        *found = 0;
    if (kg_dataset_entity_count(ds) >= UINT32_MAX / 4)
        return kg_error__set(KG_ELIMIT, "too many entities to compare names");
    if (collect_names(&f) != KG_OK)
        goto cleanup;
    size_t bytes = 1;
    for (size_t i = 0; i < f.count; i++) {
        f.names[i].key_off = (uint32_t)(bytes > UINT32_MAX ? 0 : bytes);
        bytes += f.names[i].len + 1;
    }
    if (bytes > UINT32_MAX) {
        rc = kg_error__set(KG_ELIMIT, "entity names too long to compare (%zu bytes)", bytes);
        goto cleanup;
    }
    f.order = kg__malloc((f.count ? f.count : 1) * sizeof *f.order);
    f.keys = kg__malloc(bytes);
    if (!f.order || !f.keys || pass(&f) != KG_OK)
        goto cleanup;
    if (f.ncands)
        qsort(f.cands, f.ncands, sizeof *f.cands, cmp_candidate);
    for (size_t i = 0; i < f.ncands; i++) {
        if (i && f.cands[i].a == f.cands[i - 1].a && f.cands[i].b == f.cands[i - 1].b)
            continue; /* the same pair again: the first reason is enough */
        report(&f, diags, &f.cands[i]);
        reported++;
    }
    if (found)
        *found = reported;
    rc = KG_OK;
cleanup:
    if (rc == KG_ENOMEM)
        kg_error__set(KG_ENOMEM, "out of memory while comparing entity names");
    kg_free(f.names);
    kg_free(f.order);
    kg_free(f.keys);
    kg_free(f.cands);
    return rc;
}
