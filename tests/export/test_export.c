/* test_export.c: GraphML and Neo4j exports read back (expat, libcsv) hold every entity, relation, citation and field of a hostile dataset; the RDF exports' contracts (tests/cli/rdf*.sh parse them with rapper and Virtuoso). */
#include "testutil.h"

#include "base/base_internal.h"

#include <csv.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Quotes, commas, line breaks, markup, "]]>", tabs, non-ASCII, unknown columns (one
 * named like a computed field), several citations of one relation, an id with a space. */
static const char ENTITIES[] =
    "id,label,type,aliases,description,url,x note,\"we\"\"ird, col\"\n"
    "a,\"Alpha \"\"A\"\", Inc.\",person,A;Al,\"line1\nline2 <b>&amp; ]]> end\","
    "https://example.org/?a=1&b=2,\xc3\xbc \xe2\x82\xac \xf0\x9f\x98\x80,\"tab\there\"\n"
    "b,,org,,,,,\n"
    "c d,Gamma,type with space,,,,,x\n";
static const char RELATIONS[] =
    "source,relation,target,polarity,date,doc,quote,confidence,claimed_by,kgraph_documents\n"
    "a,meets,b,positive,2022-02-04,s1,\"He said \"\"hi\"\", then <left> & ]]>\",0.50,,e1\n"
    "a,meets,b,negative,2022,s2,\"multi\r\nline quote\",,c d,\n"
    "c d,sanctions,a,,,s1,\xc3\xbc,1,,\n";
static const char SOURCES[] =
    "id,title,publisher,author,date,url,file,lang\n"
    "s1,\"T, one\",P,,2022,,,en\n"
    "s2,\"T \"\"two\"\"\",,,,,,\n";

typedef tu_fixture fixture;

static int setup(void **state)
{
    return tu_fixture_setup(state, ENTITIES, RELATIONS, SOURCES);
}

static int teardown(void **state)
{
    return tu_fixture_teardown(state);
}

/* ---- reading GraphML back with expat ------------------------------------------------ */

#define MAX_ITEMS 64
#define MAX_FIELDS 32

typedef struct item {
    char *id, *source, *target; /* source/target for edges */
    char *names[MAX_FIELDS];    /* attr.name of each data key */
    char *values[MAX_FIELDS];
    size_t n;
} item;

typedef struct graphml {
    char *key_id[MAX_FIELDS * 3], *key_name[MAX_FIELDS * 3], *key_type[MAX_FIELDS * 3];
    char *key_for[MAX_FIELDS * 3];
    size_t keys;
    item nodes[MAX_ITEMS], edges[MAX_ITEMS];
    size_t n_nodes, n_edges;
    item *current;
    char *data_key; /* open <data>'s key, or NULL */
    char text[8192];
    size_t text_len;
} graphml;

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static const char *key_name_of(const graphml *g, const char *id)
{
    for (size_t i = 0; i < g->keys; i++)
        if (strcmp(g->key_id[i], id) == 0)
            return g->key_name[i];
    return NULL;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    graphml *g = ud;
    if (strcmp(name, "key") == 0 && g->keys < MAX_FIELDS * 3) {
        g->key_id[g->keys] = dup_or_null(attr(atts, "id"));
        g->key_name[g->keys] = dup_or_null(attr(atts, "attr.name"));
        g->key_type[g->keys] = dup_or_null(attr(atts, "attr.type"));
        g->key_for[g->keys] = dup_or_null(attr(atts, "for"));
        g->keys++;
    } else if (strcmp(name, "node") == 0 && g->n_nodes < MAX_ITEMS) {
        g->current = &g->nodes[g->n_nodes++];
        g->current->id = dup_or_null(attr(atts, "id"));
    } else if (strcmp(name, "edge") == 0 && g->n_edges < MAX_ITEMS) {
        g->current = &g->edges[g->n_edges++];
        g->current->id = dup_or_null(attr(atts, "id"));
        g->current->source = dup_or_null(attr(atts, "source"));
        g->current->target = dup_or_null(attr(atts, "target"));
    } else if (strcmp(name, "data") == 0) {
        g->data_key = dup_or_null(attr(atts, "key"));
        g->text_len = 0;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    graphml *g = ud;
    if (g->data_key && g->text_len + (size_t)len < sizeof g->text) {
        memcpy(g->text + g->text_len, s, (size_t)len);
        g->text_len += (size_t)len;
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    graphml *g = ud;
    if (strcmp(name, "data") == 0 && g->data_key) {
        item *it = g->current;
        if (it && it->n < MAX_FIELDS) {
            const char *kn = key_name_of(g, g->data_key);
            it->names[it->n] = strdup(kn ? kn : "?");
            it->values[it->n] = strndup(g->text, g->text_len);
            it->n++;
        }
        free(g->data_key);
        g->data_key = NULL;
    } else if (strcmp(name, "node") == 0 || strcmp(name, "edge") == 0) {
        g->current = NULL;
    }
}

static void item_free(item *it)
{
    free(it->id);
    free(it->source);
    free(it->target);
    for (size_t i = 0; i < it->n; i++) {
        free(it->names[i]);
        free(it->values[i]);
    }
}

static void graphml_free(graphml *g)
{
    for (size_t i = 0; i < g->keys; i++) {
        free(g->key_id[i]);
        free(g->key_name[i]);
        free(g->key_type[i]);
        free(g->key_for[i]);
    }
    for (size_t i = 0; i < g->n_nodes; i++)
        item_free(&g->nodes[i]);
    for (size_t i = 0; i < g->n_edges; i++)
        item_free(&g->edges[i]);
    free(g->data_key);
    free(g);
}

/* Parses text (must be well-formed) into a new graphml. */
static graphml *graphml_parse(const char *text, size_t len)
{
    graphml *g = calloc(1, sizeof *g);
    XML_Parser p = XML_ParserCreate("UTF-8");
    assert_non_null(g);
    XML_SetUserData(p, g);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    if (XML_Parse(p, text, (int)len, 1) != XML_STATUS_OK)
        fail_msg("GraphML is not well-formed: %s at line %lu",
                 XML_ErrorString(XML_GetErrorCode(p)), (unsigned long)XML_GetCurrentLineNumber(p));
    XML_ParserFree(p);
    return g;
}

/* The value of field name in it ("" when absent, as an empty cell is written). */
static const char *field(const item *it, const char *name)
{
    for (size_t i = 0; i < it->n; i++)
        if (strcmp(it->names[i], name) == 0)
            return it->values[i];
    return "";
}

static const item *find_item(const item *items, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].id && strcmp(items[i].id, id) == 0)
            return &items[i];
    return NULL;
}

/* The node with this id; fails the test when there is none. */
static const item *node_of(const graphml *g, const char *id)
{
    static const item none;
    const item *it = find_item(g->nodes, g->n_nodes, id);
    if (!it) {
        fail_msg("no node '%s'", id);
        return &none;
    }
    return it;
}

static char *export_text(const kg_dataset *ds, kg_export_format format, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    kg_export_options opts = {.format = format, .name = "hostile <name> & \"co\""};
    assert_non_null(f);
    assert_int_equal(kg_export_stream(ds, &opts, f), KG_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* The name a column is exported under (canonical names equal the headers here). */
static const char *column(const kg_dataset *ds, kg_file_kind kind, size_t c)
{
    return kg_dataset_column_name(ds, kind, c);
}

static void graphml_holds_every_entity_source_citation_and_field(void **state)
{
    fixture *f = *state;
    size_t len;
    char *text = export_text(f->ds, KG_EXPORT_GRAPHML, &len);
    graphml *g = graphml_parse(text, len);

    assert_int_equal(g->n_nodes, 3 + 2);
    assert_int_equal(g->n_edges, 3);
    for (size_t i = 0; i < kg_dataset_entity_count(f->ds); i++) {
        const kg_entity *e = kg_dataset_entity(f->ds, i);
        const item *node = node_of(g, e->id);
        assert_string_equal(field(node, "kgraph_kind"), "entity");
        for (size_t c = 0; c < kg_dataset_column_count(f->ds, KG_FILE_ENTITIES); c++)
            assert_string_equal(field(node, column(f->ds, KG_FILE_ENTITIES, c)),
                                kg_dataset_cell(f->ds, KG_FILE_ENTITIES, e->row, c));
    }
    for (size_t i = 0; i < kg_dataset_source_count(f->ds); i++) {
        const kg_source *s = kg_dataset_source(f->ds, i);
        char id[64], name[64];
        snprintf(id, sizeof id, "source:%s", s->id);
        const item *node = node_of(g, id);
        assert_string_equal(field(node, "kgraph_kind"), "source");
        for (size_t c = 0; c < kg_dataset_column_count(f->ds, KG_FILE_SOURCES); c++) {
            snprintf(name, sizeof name, "source.%s", column(f->ds, KG_FILE_SOURCES, c));
            assert_string_equal(field(node, name), kg_dataset_cell(f->ds, KG_FILE_SOURCES, s->row, c));
        }
    }
    for (size_t row = 0; row < 3; row++) {
        const item *edge = &g->edges[row];
        for (size_t c = 0; c < kg_dataset_column_count(f->ds, KG_FILE_RELATIONS); c++)
            assert_string_equal(field(edge, column(f->ds, KG_FILE_RELATIONS, c)),
                                kg_dataset_cell(f->ds, KG_FILE_RELATIONS, row, c));
        assert_string_equal(edge->source, field(edge, "source"));
        assert_string_equal(edge->target, field(edge, "target"));
    }
    /* the hostile values as written in the CSV, after unquoting */
    assert_string_equal(field(node_of(g, "a"), "label"), "Alpha \"A\", Inc.");
    assert_string_equal(field(node_of(g, "a"), "description"),
                        "line1\nline2 <b>&amp; ]]> end");
    assert_string_equal(field(node_of(g, "a"), "we\"ird, col"), "tab\there");
    assert_string_equal(field(node_of(g, "a"), "x note"),
                        "\xc3\xbc \xe2\x82\xac \xf0\x9f\x98\x80");
    assert_string_equal(field(&g->edges[0], "quote"), "He said \"hi\", then <left> & ]]>");
    assert_string_equal(field(&g->edges[1], "quote"), "multi\nline quote");
    assert_non_null(find_item(g->nodes, g->n_nodes, "c d"));
    /* the two citations of a meets b share their relation; counts as computed */
    assert_string_equal(field(&g->edges[0], "kgraph_relation"), field(&g->edges[1], "kgraph_relation"));
    assert_string_not_equal(field(&g->edges[0], "kgraph_relation"), field(&g->edges[2], "kgraph_relation"));
    assert_string_equal(field(&g->edges[0], "kgraph_citations"), "2");
    assert_string_equal(field(&g->edges[0], "kgraph_polarity"), "mixed");
    /* a column named like a computed field keeps its data; the computed one is left out */
    assert_string_equal(field(&g->edges[0], "kgraph_documents"), "e1");
    assert_string_equal(field(&g->edges[1], "kgraph_documents"), "");
    graphml_free(g);
    free(text);
}

static void graphml_keys_are_typed_and_named_once_per_column(void **state)
{
    fixture *f = *state;
    size_t len, confidence = 0, documents = 0;
    char *text = export_text(f->ds, KG_EXPORT_GRAPHML, &len);
    graphml *g = graphml_parse(text, len);
    for (size_t i = 0; i < g->keys; i++) {
        assert_non_null(g->key_type[i]);
        assert_non_null(g->key_for[i]);
        if (strcmp(g->key_name[i], "confidence") == 0) {
            assert_string_equal(g->key_type[i], "double");
            confidence++;
        }
        if (strcmp(g->key_name[i], "kgraph_citations") == 0)
            assert_string_equal(g->key_type[i], "int");
        if (strcmp(g->key_name[i], "kgraph_documents") == 0)
            documents++;
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(g->key_id[i], g->key_id[j]);
    }
    assert_int_equal(confidence, 1);
    assert_int_equal(documents, 1);
    assert_non_null(strstr(text, "<data key=\"name\">hostile &lt;name&gt; &amp; &quot;co&quot;</data>"));
    graphml_free(g);
    free(text);
}

static void exports_are_the_same_bytes_every_time(void **state)
{
    fixture *f = *state;
    for (int format = KG_EXPORT_GRAPHML; format <= KG_EXPORT_NTRIPLES; format++) {
        if (format == KG_EXPORT_NEO4J)
            continue; /* a directory: compared in neo4j_files_hold_every_row_under_typed_headers */
        size_t len1, len2;
        char *a = export_text(f->ds, (kg_export_format)format, &len1);
        char *b = export_text(f->ds, (kg_export_format)format, &len2);
        assert_int_equal(len1, len2);
        assert_memory_equal(a, b, len1);
        free(a);
        free(b);
    }
}

static void noncharacters_become_the_replacement_character_in_graphml(void **state)
{
    kg_dataset *ds;
    kg_diagnostics *diags;
    assert_int_equal(tu_load(&ds, &diags, "id,label\nx,a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\n",
                             "source,relation,target\nx,r,x\n", NULL), KG_OK);
    size_t len;
    char *text = export_text(ds, KG_EXPORT_GRAPHML, &len);
    graphml *g = graphml_parse(text, len);
    assert_string_equal(field(&g->nodes[0], "label"), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    graphml_free(g);
    free(text);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

static void a_source_id_never_collides_with_an_entity_id(void **state)
{
    kg_dataset *ds;
    kg_diagnostics *diags;
    assert_int_equal(tu_load(&ds, &diags, "id\nsource:s\nb\n",
                             "source,relation,target,doc\nsource:s,r,b,s\n",
                             "id\ns\n"), KG_OK);
    size_t len;
    char *text = export_text(ds, KG_EXPORT_GRAPHML, &len);
    graphml *g = graphml_parse(text, len);
    assert_int_equal(g->n_nodes, 3);
    for (size_t i = 0; i < g->n_nodes; i++)
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(g->nodes[i].id, g->nodes[j].id);
    assert_non_null(find_item(g->nodes, g->n_nodes, "source:source:s"));
    graphml_free(g);
    free(text);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

/* ---- reading Neo4j CSV back with libcsv ----------------------------------------------- */

typedef struct table {
    char *cells[64][16];
    size_t rows, cols, col;
} table;

static void on_field(void *s, size_t len, void *ud)
{
    table *t = ud;
    if (t->rows < 64 && t->col < 16)
        t->cells[t->rows][t->col] = strndup(s ? s : "", len);
    t->col++;
}

static void on_row(int c, void *ud)
{
    table *t = ud;
    if (t->rows == 0)
        t->cols = t->col;
    assert_int_equal(t->col, t->cols); /* every row as wide as the header */
    t->col = 0;
    t->rows++;
}

static table *table_read(const char *dir, const char *name)
{
    char path[4096];
    size_t size;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = tu_read(path, &size);
    assert_non_null(text);
    table *t = calloc(1, sizeof *t);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    assert_int_equal(csv_parse(&p, text, size, on_field, on_row, t), size);
    assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
    csv_free(&p);
    free(text);
    return t;
}

static void table_free(table *t)
{
    for (size_t r = 0; r < t->rows && r < 64; r++)
        for (size_t c = 0; c < 16; c++)
            free(t->cells[r][c]);
    free(t);
}

static long header_index(const table *t, const char *name)
{
    for (size_t c = 0; c < t->cols; c++)
        if (strcmp(t->cells[0][c], name) == 0)
            return (long)c;
    return -1;
}

/* Checks that every row of the dataset's file is a row of t, each column under
 * "NAME:TYPE" (type_of gives TYPE). */
static void assert_rows(const kg_dataset *ds, const table *t, kg_file_kind kind, size_t first_data_col,
                        const char *id_header)
{
    size_t ncols = kg_dataset_column_count(ds, kind);
    assert_int_equal(t->rows, kg_dataset_row_count(ds, kind) + 1);
    for (size_t c = 0; c < ncols; c++) {
        char header[128];
        const char *name = kg_dataset_column_name(ds, kind, c);
        if (id_header && strcmp(name, "id") == 0)
            snprintf(header, sizeof header, "%s", id_header);
        else
            snprintf(header, sizeof header, "%s:%s", name,
                     kind == KG_FILE_RELATIONS && strcmp(name, "confidence") == 0 ? "double" : "string");
        long col = header_index(t, header);
        if (col < 0)
            fail_msg("no column '%s'", header);
        assert_true((size_t)col >= first_data_col);
        for (size_t r = 0; r < kg_dataset_row_count(ds, kind); r++)
            assert_string_equal(t->cells[r + 1][col], kg_dataset_cell(ds, kind, r, c));
    }
}

static void neo4j_files_hold_every_row_under_typed_headers(void **state)
{
    fixture *f = *state;
    char *dir = tu_mkdtemp(), out[4096];
    snprintf(out, sizeof out, "%s/neo", dir);
    kg_export_options opts = {.format = KG_EXPORT_NEO4J};
    assert_int_equal(kg_export_file(f->ds, &opts, out), KG_OK);

    table *t = table_read(out, "entities.csv");
    assert_rows(f->ds, t, KG_FILE_ENTITIES, 0, "id:ID(Entity)");
    long label = header_index(t, ":LABEL");
    assert_true(label >= 0);
    assert_string_equal(t->cells[1][label], "Entity;person");
    assert_string_equal(t->cells[3][label], "Entity"); /* "type with space" is no label */
    table_free(t);

    t = table_read(out, "sources.csv");
    assert_rows(f->ds, t, KG_FILE_SOURCES, 0, "id:ID(Source)");
    assert_string_equal(t->cells[1][header_index(t, ":LABEL")], "Source");
    table_free(t);

    t = table_read(out, "relationships.csv");
    assert_string_equal(t->cells[0][0], ":START_ID(Entity)");
    assert_string_equal(t->cells[0][1], ":END_ID(Entity)");
    assert_string_equal(t->cells[0][2], ":TYPE");
    assert_rows(f->ds, t, KG_FILE_RELATIONS, 3, NULL);
    assert_string_equal(t->cells[3][0], "c d");
    assert_string_equal(t->cells[3][1], "a");
    assert_string_equal(t->cells[3][2], "sanctions");
    assert_string_equal(t->cells[2][header_index(t, "quote:string")], "multi\nline quote");
    assert_string_equal(t->cells[1][header_index(t, "kgraph_citations:int")], "2");
    assert_int_equal(header_index(t, "kgraph_documents:int"), -1); /* the column's name */
    table_free(t);
    tu_rmtree(dir);
}

static void neo4j_replaces_its_own_directory_and_refuses_any_other(void **state)
{
    fixture *f = *state;
    char *dir = tu_mkdtemp(), out[4096], path[4200];
    snprintf(out, sizeof out, "%s/neo", dir);
    kg_export_options opts = {.format = KG_EXPORT_NEO4J};
    assert_int_equal(kg_export_file(f->ds, &opts, out), KG_OK);
    assert_int_equal(kg_export_file(f->ds, &opts, out), KG_OK); /* replaced as a whole */

    tu_write(out, "notes.txt", "mine\n");
    assert_int_equal(kg_export_file(f->ds, &opts, out), KG_EIO);
    assert_non_null(strstr(kg_last_error(), "notes.txt"));
    snprintf(path, sizeof path, "%s/notes.txt", out);
    char *kept = tu_read(path, NULL);
    assert_string_equal(kept, "mine\n");
    free(kept);

    assert_int_equal(kg_export_file(f->ds, &opts, "-"), KG_EUSAGE);
    tu_write(dir, "file", "x");
    snprintf(path, sizeof path, "%s/file", dir);
    assert_int_equal(kg_export_file(f->ds, &opts, path), KG_EIO);
    /* nothing but neo/ and file is left: no temporary directory */
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 2", dir);
    assert_int_equal(system(cmd), 0);
    tu_rmtree(dir);
}

/* Fails the Nth allocation for N = 1, 2, ... until the export no longer reaches it: each
 * run ends in KG_ENOMEM with "out of memory", or (a failure absorbed) the same bytes. */
static void every_allocation_failure_ends_in_enomem_or_the_same_output(void **state)
{
    fixture *f = *state;
    for (int format = KG_EXPORT_GRAPHML; format <= KG_EXPORT_NTRIPLES; format++) {
        kg_export_options opts = {.format = (kg_export_format)format, .name = "hostile <name> & \"co\""};
        char *dir = tu_mkdtemp(), out[4096], *want = NULL, *got = NULL;
        size_t want_len = 0, got_len = 0;
        snprintf(out, sizeof out, "%s/out", dir);
        if (format != KG_EXPORT_NEO4J)
            want = export_text(f->ds, opts.format, &want_len);
        unsigned long n;
        for (n = 1;; n++) {
            FILE *stream = format != KG_EXPORT_NEO4J ? open_memstream(&got, &got_len) : NULL;
            kg_alloc__fail_after(n);
            int rc = stream ? kg_export_stream(f->ds, &opts, stream) : kg_export_file(f->ds, &opts, out);
            unsigned long made = kg_alloc__fail_after(0);
            if (stream)
                fclose(stream);
            if (rc == KG_ENOMEM) {
                assert_string_equal(kg_last_error(), "out of memory");
            } else {
                assert_int_equal(rc, KG_OK);
                if (want) {
                    assert_int_equal(got_len, want_len);
                    assert_memory_equal(got, want, want_len);
                }
            }
            free(got);
            got = NULL;
            if (made < n)
                break; /* the Nth allocation was never reached */
            if (format == KG_EXPORT_NEO4J)
                tu_rmtree(out);
        }
        assert_true(n > 1);
        free(want);
        tu_rmtree(dir);
    }
}

static void formats_parse_by_name_and_extension(void **state)
{
    static const struct { const char *path; int rc; kg_export_format format; } cases[] = {
        {"out.graphml", KG_OK, KG_EXPORT_GRAPHML},
        {"dir.x/out.xml", KG_OK, KG_EXPORT_GRAPHML},
        {"out.json", KG_OK, KG_EXPORT_JSON},
        {"out.ttl", KG_OK, KG_EXPORT_TURTLE},
        {"dir/out.nt", KG_OK, KG_EXPORT_NTRIPLES},
        {"out.ttl.gz", KG_EUSAGE, KG_EXPORT_GRAPHML},
        {"out.csv", KG_EUSAGE, KG_EXPORT_GRAPHML},
        {"dir.json/out", KG_EUSAGE, KG_EXPORT_GRAPHML},
        {"neo4j", KG_EUSAGE, KG_EXPORT_GRAPHML},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kg_export_format got = KG_EXPORT_GRAPHML;
        assert_int_equal(kg_export_format_from_path(&got, cases[i].path), cases[i].rc);
        if (cases[i].rc == KG_OK)
            assert_int_equal(got, cases[i].format);
    }
    kg_export_format got;
    assert_int_equal(kg_export_format_parse(&got, "neo4j"), KG_OK);
    assert_int_equal(got, KG_EXPORT_NEO4J);
    assert_string_equal(kg_export_format_name(got), "neo4j");
    assert_int_equal(kg_export_format_parse(&got, "gexf"), KG_EUSAGE);
    assert_non_null(strstr(kg_last_error(), "'gexf'"));
    assert_int_equal(kg_export_format_parse(&got, "turtle"), KG_OK);
    assert_int_equal(got, KG_EXPORT_TURTLE);
    assert_string_equal(kg_export_format_name(got), "turtle");
    assert_int_equal(kg_export_format_parse(&got, "ntriples"), KG_OK);
    assert_string_equal(kg_export_format_name(got), "ntriples");
    assert_null(kg_export_format_name((kg_export_format)5));
}

/* Base IRIs: a scheme, printable ASCII without what an IRI cannot hold, '/' or '#' last. */
static void base_iris_are_checked(void **state)
{
    (void)state;
    static const char *const good[] = {"https://kgraph.example/", "http://x/y#", "urn:x:y/",
                                       "https://x.example/a%20b/"};
    static const char *const bad[] = {"", "https://x.example", "//x/", "1http://x/", "http:",
                                      "https://x.example/a b/", "https://x/<a>/", "https://x/\\/",
                                      "https://x/\xc3\xbc/", "https://x/\"/", "https://x/{a}/",
                                      "https://x/\n/"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(kg_export_base_iri_check(good[i]), KG_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(kg_export_base_iri_check(bad[i]), KG_EUSAGE);
    assert_int_equal(kg_export_base_iri_check(NULL), KG_EUSAGE);
}

/* The RDF text of ds with opts (format and the rest), or NULL with *rc set. */
static char *rdf_text(const kg_dataset *ds, const kg_export_options *opts, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *rc = kg_export_stream(ds, opts, f);
    assert_int_equal(fclose(f), 0);
    if (*rc != KG_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The Turtle names data by prefixed names only when they are plain, percent-encodes the
 * rest, escapes literals, and a view leaves out what it does not select. */
static void turtle_escapes_encodes_and_follows_the_view(void **state)
{
    fixture *f = *state;
    int rc;
    kg_export_options opts = {.format = KG_EXPORT_TURTLE, .base_iri = "http://b.example/k#"};
    char *ttl = rdf_text(f->ds, &opts, &rc);
    assert_int_equal(rc, KG_OK);
    assert_non_null(strstr(ttl, "@prefix ent: <http://b.example/k#entity/> .\n"));
    assert_non_null(strstr(ttl, "\n<http://b.example/k#entity/c%20d> a kg:Entity, "
                                "<http://b.example/k#type/type%20with%20space> ;\n"));
    assert_non_null(strstr(ttl, "rdfs:label \"Alpha \\\"A\\\", Inc.\" ;\n"));
    assert_non_null(strstr(ttl, "dct:description \"line1\\nline2 <b>&amp; ]]> end\" ;\n"));
    assert_non_null(strstr(ttl, "skos:altLabel \"A\", \"Al\" ;\n"));
    assert_non_null(strstr(ttl, "rdfs:seeAlso <https://example.org/?a=1&b=2> ;\n"));
    assert_non_null(strstr(ttl, "<http://b.example/k#column/x%20note> \"\xc3\xbc \xe2\x82\xac \xf0\x9f\x98\x80\""));
    assert_non_null(strstr(ttl, "<http://b.example/k#column/we%22ird%2C%20col> \"tab\\there\""));
    assert_non_null(strstr(ttl, "ent:a rel:meets ent:b .\n"));
    assert_non_null(strstr(ttl, "cit:2 a rdf:Statement, kg:Citation ;\n"));
    assert_non_null(strstr(ttl, "kg:quote \"multi\\nline quote\" ;\n"));
    assert_non_null(strstr(ttl, "prov:wasAttributedTo <http://b.example/k#entity/c%20d> ;\n"));
    assert_non_null(strstr(ttl, "dct:date \"2022-02-04\"^^xsd:date ;\n"));
    assert_non_null(strstr(ttl, "kg:confidence \"0.50\"^^xsd:decimal ;\n"));
    assert_non_null(strstr(ttl, "col:kgraph_documents \"e1\" .\n"));
    assert_non_null(strstr(ttl, "doc:s2 a dct:BibliographicResource, prov:Entity ;\n"));
    assert_null(strstr(ttl, "\t")); /* every tab escaped */
    free(ttl);

    /* a view: entity b and the relation a meets b only */
    size_t ne = kg_dataset_entity_count(f->ds), nr = kg_dataset_relation_count(f->ds);
    unsigned char *em = calloc(ne, 1), *rm = calloc(nr, 1);
    assert_non_null(em);
    assert_non_null(rm);
    em[kg_dataset_find_entity(f->ds, "a")] = em[kg_dataset_find_entity(f->ds, "b")] = 1;
    rm[kg_dataset_find_relation(f->ds, "a", "meets", "b")] = 1;
    opts.entity_mask = em;
    opts.relation_mask = rm;
    opts.format = KG_EXPORT_NTRIPLES;
    char *nt = rdf_text(f->ds, &opts, &rc);
    assert_int_equal(rc, KG_OK);
    assert_non_null(strstr(nt, "<http://b.example/k#entity/a> <http://b.example/k#relation/meets> "
                               "<http://b.example/k#entity/b> .\n"));
    assert_null(strstr(nt, "sanctions"));
    assert_null(strstr(nt, "Gamma"));
    assert_non_null(strstr(nt, "<http://b.example/k#citation/2> "));
    assert_null(strstr(nt, "<http://b.example/k#citation/3> "));
    assert_non_null(strstr(nt, "<http://b.example/k#document/s2> "));
    for (const char *p = nt; *p; p = strchr(p, '\n') + 1) /* one whole triple a line */
        assert_true(strncmp(p, "<http://b.example/k#", 20) == 0);
    free(nt);

    /* a view is refused for the formats that do not apply it; a bad base IRI too */
    opts.format = KG_EXPORT_GRAPHML;
    assert_null(rdf_text(f->ds, &opts, &rc));
    assert_int_equal(rc, KG_EUSAGE);
    opts.format = KG_EXPORT_NEO4J;
    assert_int_equal(kg_export_file(f->ds, &opts, "/nonexistent/out"), KG_EUSAGE);
    opts.format = KG_EXPORT_TURTLE;
    opts.base_iri = "no scheme/";
    assert_null(rdf_text(f->ds, &opts, &rc));
    assert_int_equal(rc, KG_EUSAGE);
    assert_int_equal(kg_export_file(f->ds, &opts, "/nonexistent/out.ttl"), KG_EUSAGE);
    free(em);
    free(rm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(graphml_holds_every_entity_source_citation_and_field, setup, teardown),
        cmocka_unit_test_setup_teardown(graphml_keys_are_typed_and_named_once_per_column, setup, teardown),
        cmocka_unit_test_setup_teardown(exports_are_the_same_bytes_every_time, setup, teardown),
        cmocka_unit_test(noncharacters_become_the_replacement_character_in_graphml),
        cmocka_unit_test(a_source_id_never_collides_with_an_entity_id),
        cmocka_unit_test_setup_teardown(neo4j_files_hold_every_row_under_typed_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(neo4j_replaces_its_own_directory_and_refuses_any_other, setup, teardown),
        cmocka_unit_test_setup_teardown(every_allocation_failure_ends_in_enomem_or_the_same_output, setup, teardown),
        cmocka_unit_test(formats_parse_by_name_and_extension),
        cmocka_unit_test(base_iris_are_checked),
        cmocka_unit_test_setup_teardown(turtle_escapes_encodes_and_follows_the_view, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
