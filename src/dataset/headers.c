/* headers.c: which header of a file feeds each known column: --map, the name ignoring case and space, synonyms. */
#include <string.h>

#include "headers.h"
#include "kgraph/suggest.h"

/* The synonyms, normalised (kg_header__normalize). A word has a meaning per file: in
 * relations.csv "type" is the relation and "source" the source entity, in entities.csv
 * "type" is the entity's type. docs/dataset.md ("Headers and synonyms") lists them. */
typedef struct synonym {
    kg_file_kind file;
    int column;
    const char *word;
} synonym;

static const synonym synonyms[] = {
    {KG_FILE_ENTITIES, EC_ID, "key"},
    {KG_FILE_ENTITIES, EC_ID, "identifier"},
    {KG_FILE_ENTITIES, EC_ID, "entity"},
    {KG_FILE_ENTITIES, EC_ID, "entity_id"},
    {KG_FILE_ENTITIES, EC_ID, "node"},
    {KG_FILE_ENTITIES, EC_ID, "node_id"},
    {KG_FILE_ENTITIES, EC_LABEL, "name"},
    {KG_FILE_ENTITIES, EC_LABEL, "title"},
    {KG_FILE_ENTITIES, EC_LABEL, "display_name"},
    {KG_FILE_ENTITIES, EC_TYPE, "kind"},
    {KG_FILE_ENTITIES, EC_TYPE, "category"},
    {KG_FILE_ENTITIES, EC_TYPE, "class"},
    {KG_FILE_ENTITIES, EC_TYPE, "group"},
    {KG_FILE_ENTITIES, EC_ALIASES, "alias"},
    {KG_FILE_ENTITIES, EC_ALIASES, "aka"},
    {KG_FILE_ENTITIES, EC_ALIASES, "also_known_as"},
    {KG_FILE_ENTITIES, EC_ALIASES, "other_names"},
    {KG_FILE_ENTITIES, EC_DESCRIPTION, "desc"},
    {KG_FILE_ENTITIES, EC_DESCRIPTION, "notes"},
    {KG_FILE_ENTITIES, EC_DESCRIPTION, "summary"},
    {KG_FILE_ENTITIES, EC_DESCRIPTION, "about"},
    {KG_FILE_ENTITIES, EC_URL, "link"},
    {KG_FILE_ENTITIES, EC_URL, "website"},
    {KG_FILE_ENTITIES, EC_URL, "homepage"},
    {KG_FILE_RELATIONS, RC_SOURCE, "from"},
    {KG_FILE_RELATIONS, RC_SOURCE, "subject"},
    {KG_FILE_RELATIONS, RC_SOURCE, "source_id"},
    {KG_FILE_RELATIONS, RC_SOURCE, "src"},
    {KG_FILE_RELATIONS, RC_SOURCE, "head"},
    {KG_FILE_RELATIONS, RC_SOURCE, "actor"},
    {KG_FILE_RELATIONS, RC_RELATION, "relationship"},
    {KG_FILE_RELATIONS, RC_RELATION, "predicate"},
    {KG_FILE_RELATIONS, RC_RELATION, "verb"},
    {KG_FILE_RELATIONS, RC_RELATION, "relation_type"},
    {KG_FILE_RELATIONS, RC_RELATION, "label"}, /* before "type": Gephi's Type is Directed */
    {KG_FILE_RELATIONS, RC_RELATION, "edge"},
    {KG_FILE_RELATIONS, RC_RELATION, "kind"},
    {KG_FILE_RELATIONS, RC_RELATION, "type"},
    {KG_FILE_RELATIONS, RC_TARGET, "to"},
    {KG_FILE_RELATIONS, RC_TARGET, "object"},
    {KG_FILE_RELATIONS, RC_TARGET, "target_id"},
    {KG_FILE_RELATIONS, RC_TARGET, "dst"},
    {KG_FILE_RELATIONS, RC_TARGET, "destination"},
    {KG_FILE_RELATIONS, RC_TARGET, "tail"},
    {KG_FILE_RELATIONS, RC_POLARITY, "sign"},
    {KG_FILE_RELATIONS, RC_POLARITY, "valence"},
    {KG_FILE_RELATIONS, RC_POLARITY, "sentiment"},
    {KG_FILE_RELATIONS, RC_DATE, "when"},
    {KG_FILE_RELATIONS, RC_DATE, "year"},
    {KG_FILE_RELATIONS, RC_DOC, "document"},
    {KG_FILE_RELATIONS, RC_DOC, "reference"},
    {KG_FILE_RELATIONS, RC_DOC, "ref"},
    {KG_FILE_RELATIONS, RC_DOC, "citation"},
    {KG_FILE_RELATIONS, RC_QUOTE, "excerpt"},
    {KG_FILE_RELATIONS, RC_QUOTE, "evidence"},
    {KG_FILE_RELATIONS, RC_QUOTE, "snippet"},
    {KG_FILE_RELATIONS, RC_CONFIDENCE, "certainty"},
    {KG_FILE_RELATIONS, RC_CONFIDENCE, "probability"},
    {KG_FILE_RELATIONS, RC_CLAIMED_BY, "claimant"},
    {KG_FILE_RELATIONS, RC_CLAIMED_BY, "according_to"},
    {KG_FILE_RELATIONS, RC_CLAIMED_BY, "asserted_by"},
    {KG_FILE_SOURCES, SC_ID, "key"},
    {KG_FILE_SOURCES, SC_ID, "identifier"},
    {KG_FILE_SOURCES, SC_ID, "doc"},
    {KG_FILE_SOURCES, SC_ID, "document"},
    {KG_FILE_SOURCES, SC_ID, "source_id"},
    {KG_FILE_SOURCES, SC_TITLE, "name"},
    {KG_FILE_SOURCES, SC_TITLE, "headline"},
    {KG_FILE_SOURCES, SC_PUBLISHER, "outlet"},
    {KG_FILE_SOURCES, SC_PUBLISHER, "publication"},
    {KG_FILE_SOURCES, SC_PUBLISHER, "journal"},
    {KG_FILE_SOURCES, SC_PUBLISHER, "site"},
    {KG_FILE_SOURCES, SC_AUTHOR, "authors"},
    {KG_FILE_SOURCES, SC_AUTHOR, "writer"},
    {KG_FILE_SOURCES, SC_AUTHOR, "by"},
    {KG_FILE_SOURCES, SC_DATE, "published"},
    {KG_FILE_SOURCES, SC_DATE, "publication_date"},
    {KG_FILE_SOURCES, SC_DATE, "year"},
    {KG_FILE_SOURCES, SC_URL, "link"},
    {KG_FILE_SOURCES, SC_URL, "address"},
    {KG_FILE_SOURCES, SC_FILE, "path"},
    {KG_FILE_SOURCES, SC_FILE, "filename"},
};

void kg_header__normalize(const char *h, char *out, size_t cap)
{
    size_t n = strlen(h), b = 0, o = 0;
    while (b < n && (h[b] == ' ' || h[b] == '\t'))
        b++;
    while (n > b && (h[n - 1] == ' ' || h[n - 1] == '\t'))
        n--;
    for (size_t i = b; i < n && o + 1 < cap; i++) {
        char c = h[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == ' ' || c == '-')
            c = '_';
        out[o++] = c;
    }
    if (cap)
        out[o] = '\0';
}

int kg_header__same(const char *a, const char *b)
{
    char na[KG_HEADER_NORM_MAX], nb[KG_HEADER_NORM_MAX];
    if (strlen(a) >= KG_HEADER_NORM_MAX || strlen(b) >= KG_HEADER_NORM_MAX)
        return strcmp(a, b) == 0;
    kg_header__normalize(a, na, sizeof na);
    kg_header__normalize(b, nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

int kg_header__synonym(kg_file_kind kind, const char *header)
{
    char n[KG_HEADER_NORM_MAX];
    if (strlen(header) >= sizeof n)
        return -1;
    kg_header__normalize(header, n, sizeof n);
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
        if (synonyms[i].file == kind && strcmp(synonyms[i].word, n) == 0)
            return synonyms[i].column;
    return -1;
}

const char *kg_header__synonym_at(size_t i, kg_file_kind *kind, int *column)
{
    if (i >= sizeof synonyms / sizeof synonyms[0])
        return NULL;
    *kind = synonyms[i].file;
    *column = synonyms[i].column;
    return synonyms[i].word;
}

/* The header a known column is read from when the user mapped it, or NULL. */
static const char *mapped(const kg_column_map *maps, size_t nmaps, kg_file_kind kind,
                          const char *column)
{
    for (size_t i = 0; i < nmaps; i++)
        if (maps[i].file == kind && strcmp(maps[i].column, column) == 0)
            return maps[i].header;
    return NULL;
}

void kg_header__resolve(kg_file_kind kind, const char *const *headers, size_t n,
                        const kg_column_map *maps, size_t nmaps, int known[KNOWN_MAX],
                        int *status_col)
{
    size_t nknown;
    const char *const *names = kg_known__columns(kind, &nknown);
    for (size_t k = 0; k < KNOWN_MAX; k++)
        known[k] = -1;
    /* 1. a mapping names its header; 2. the column's own name; both ignoring case and
     * surrounding space, exact first */
    for (size_t k = 0; k < nknown; k++) {
        const char *want = mapped(maps, nmaps, kind, names[k]);
        if (!want)
            want = names[k];
        for (size_t i = 0; i < n && known[k] < 0; i++)
            if (strcmp(headers[i], want) == 0)
                known[k] = (int)i;
        for (size_t i = 0; i < n && known[k] < 0; i++)
            if (kg_header__same(headers[i], want))
                known[k] = (int)i;
    }
    if (status_col) {
        *status_col = -1;
        for (size_t i = 0; i < n && *status_col < 0 && kind == KG_FILE_RELATIONS; i++)
            if (kg_header__same(headers[i], KG_STATUS_COLUMN))
                *status_col = (int)i;
    }
    /* 3. synonyms, for unmapped columns still without a header, from headers nothing
     * else claimed: a column's synonyms in the order of the table (the more telling
     * first), each the first such header in file order */
    for (size_t s = 0; s < sizeof synonyms / sizeof synonyms[0]; s++) {
        int k = synonyms[s].column;
        if (synonyms[s].file != kind || known[k] >= 0 || mapped(maps, nmaps, kind, names[k]))
            continue;
        for (size_t i = 0; i < n && known[k] < 0; i++) {
            char h[KG_HEADER_NORM_MAX];
            if (strlen(headers[i]) >= sizeof h)
                continue;
            kg_header__normalize(headers[i], h, sizeof h);
            int taken = strcmp(h, synonyms[s].word) != 0 || (status_col && *status_col == (int)i);
            for (size_t j = 0; j < nknown; j++)
                taken |= known[j] == (int)i;
            if (!taken)
                known[k] = (int)i;
        }
    }
}

const char *kg_header__typo(kg_file_kind kind, const char *header, const int known[KNOWN_MAX],
                            int status_col)
{
    size_t nknown;
    const char *const *names = kg_known__columns(kind, &nknown);
    char n[KG_HEADER_NORM_MAX];
    if (strlen(header) >= sizeof n)
        return NULL;
    kg_header__normalize(header, n, sizeof n);
    kg_suggestion s;
    kg_suggest_begin(&s, n);
    for (size_t k = 0; k < nknown; k++)
        if (known[k] < 0)
            kg_suggest_offer(&s, names[k]);
    if (kind == KG_FILE_RELATIONS && status_col < 0)
        kg_suggest_offer(&s, KG_STATUS_COLUMN);
    return kg_suggest_best(&s);
}
