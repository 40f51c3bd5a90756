/* test_corpus.c: quote verification against a corpus and entity coverage (src/analysis/corpus.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "base/base_internal.h"

static const char *ENT =
    "id,label,type,aliases\n"
    "xi,Xi Jinping,person,Xi;President Xi\n"
    "putin,Vladimir Putin,person,Putin\n"
    "biden,Joe Biden,person,\n"
    "stent,Angela Stent,person,\n";

static const char *SRC = "id,title,file\na,Doc A,a.txt\nb,Doc B,b.txt\n";

/* Document a: real curly quotes, an en dash and a line break inside a sentence; document b:
 * the same characters spelled out as byte escapes, as in one of the bundled texts. */
static const char *DOC_A =
    "Intro.\n"
    "Xi met Putin on \xe2\x80\x9cWednesday\xe2\x80\x9d \xe2\x80\x93\n   virtually.\n"
    "Putin praised Xi\xe2\x80\x99s leadership, warmly and at length. Joe Biden was absent.\n";
static const char *DOC_B =
    "BEIJING xe2x80x94 Russiaxe2x80x99s build-up and xe2x80x9caggressive rhetoricxe2x80x9dxc2xa0\n"
    "were condemned, said Angela Stent\xe2\x80\xa6 President Xi did not comment.\n";

/* Normalises text with flags; returns a static copy for comparisons. */
static const char *norm(const char *text, unsigned flags)
{
    static char buf[512];
    char *out;
    size_t len;
    assert_int_equal(kg_corpus_normalize(&out, &len, text, strlen(text), flags), KG_OK);
    assert_int_equal(strlen(out), len);
    assert_true(len <= strlen(text));
    snprintf(buf, sizeof buf, "%s", out);
    kg_free(out);
    return buf;
}

static void test_normalisation_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain text", "plain text"},
        {"  lead and trail \n", "lead and trail"},
        {"line\nbreak\r\nand\t\ttabs   here", "line break and tabs here"},
        {"non\xc2\xa0" "breaking\xe2\x80\xaf" "narrow\xe2\x80\x83" "em", "non breaking narrow em"},
        {"\xe2\x80\x98single\xe2\x80\x99 \xe2\x80\x9a\xe2\x80\x9b \xe2\x80\xb2", "'single' '' '"},
        {"\xe2\x80\x9c" "double\xe2\x80\x9d \xe2\x80\x9e\xe2\x80\xb3", "\"double\" \"\""},
        {"a\xe2\x80\x90" "b\xe2\x80\x91" "c\xe2\x80\x92" "d\xe2\x80\x93" "e\xe2\x80\x94" "f\xe2\x80\x95" "g\xe2\x88\x92" "h",
         "a-b-c-d-e-f-g-h"},
        {"wait\xe2\x80\xa6", "wait..."},
        {"Russiaxe2x80x99s", "Russia's"},
        {"XE2X80X9CshoutXe2x80x9d", "\"shout\""},
        {"endxc2xa0\nnext", "end next"},
        {"BEIJING xe2x80x94 News", "BEIJING - News"},
        {"caf\xc3\xa9 xc3xa9", "caf\xc3\xa9 \xc3\xa9"},          /* spelled-out non-ASCII is decoded */
        {"x86 box99 0x80x99 xe2x80", "x86 box99 0x80x99 xe2x80"}, /* not UTF-8: kept */
        {"xe2x80x9", "xe2x80x9"},
        {"soft\xc2\xadhyphen zero\xe2\x80\x8bwidth", "softhyphen zerowidth"},
        {"bad \xff byte \xe2\x80", "bad \xff byte \xe2\x80"},
        {"mixed: \xe2\x80\x9cIt\xe2\x80\x99s\xe2\x80\x9d \n xe2x80x94 it isnxe2x80x99t\xe2\x80\xa6",
         "mixed: \"It's\" - it isn't..."},
        {"", ""},
        {" \n\t ", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = norm(cases[i].in, 0);
        if (strcmp(got, cases[i].out) != 0)
            fail_msg("case %zu: '%s' normalised to '%s', expected '%s'", i, cases[i].in, got,
                     cases[i].out);
    }
    assert_string_equal(norm("Xi JINPING\xe2\x80\x99S", KG_NORMALIZE_FOLD_CASE), "xi jinping's");
}

/* Writes DOC_A and DOC_B into a new corpus directory and returns it. */
static char *make_corpus(void)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "a.txt", DOC_A);
    tu_write(dir, "b.txt", DOC_B);
    return dir;
}

/* What a corpus test holds; the teardown frees it all, also after a failed assertion. */
typedef struct fixture {
    char *corpus; /* a temporary directory holding a.txt (DOC_A) and b.txt (DOC_B) */
    kg_dataset *ds;
    kg_diagnostics *d;
    kg_corpus_report *rep;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->corpus = make_corpus();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kg_corpus_report_free(f->rep);
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->d);
    tu_rmtree(f->corpus);
    free(f);
    return 0;
}

/* Loads relations against ENT and sources into f (dropping what an earlier check left),
 * runs the check on f->corpus and returns its status. */
static int check(fixture *f, const char *relations, const char *sources)
{
    kg_corpus_report_free(f->rep);
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->d);
    f->rep = NULL;
    f->ds = NULL;
    f->d = NULL;
    assert_int_equal(tu_load(&f->ds, &f->d, ENT, relations, sources), KG_OK);
    return kg_corpus_check(&f->rep, f->ds, f->corpus, 0, f->d);
}

static void test_quotes_are_found_through_normalisation(void **state)
{
    fixture *f = *state;
    kg_corpus_totals t;
    const char *rel =
        "source,relation,target,doc,quote\n"
        "xi,meets,putin,a,\"Xi met Putin on \"\"Wednesday\"\" - virtually.\"\n"
        "putin,praises,xi,a,\"  Putin praised Xi's leadership,\n warmly \"\n"
        "stent,criticises,putin,b,\"Russia's build-up and \u201caggressive rhetoric\u201d\"\n"
        "stent,mentions,xi,b,BEIJING \u2014 Russia\u2019s\n";
    assert_int_equal(check(f, rel, SRC), KG_OK);
    kg_corpus_report_totals(f->rep, &t);
    assert_int_equal(t.quotes, 4);
    assert_int_equal(t.verified, 4);
    assert_int_equal(t.not_found, 0);
    assert_int_equal(t.unchecked, 0);
    assert_int_equal(t.documents, 2);
    assert_int_equal(t.errors, 0);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(kg_corpus_report_quote(f->rep, i), KG_QUOTE_VERIFIED);
    assert_int_equal(kg_corpus_report_quote(f->rep, 99), KG_QUOTE_UNCHECKED);
}

static void test_a_quote_not_found_is_an_error_with_the_closest_passage(void **state)
{
    fixture *f = *state;
    kg_corpus_totals t;
    const char *rel =
        "source,relation,target,doc,quote\n"
        "xi,meets,putin,a,Xi met Putin on Wednesday\n"            /* quotes dropped: not verbatim */
        "putin,praises,xi,a,Putin praised Xi's leadership warmly\n" /* a comma dropped */
        "xi,calls,putin,a,xi met putin\n";                           /* case differs */
    assert_int_equal(check(f, rel, SRC), KG_OK);
    kg_corpus_report_totals(f->rep, &t);
    assert_int_equal(t.quotes, 3);
    assert_int_equal(t.verified, 0);
    assert_int_equal(t.not_found, 3);
    assert_int_equal(t.errors, 3);
    assert_int_equal(kg_corpus_report_quote(f->rep, 1), KG_QUOTE_NOT_FOUND);
    assert_true(tu_diag_has(f->d, "relations.csv:3: quote not found in "));
    assert_true(tu_diag_has(f->d, "/a.txt: \"Putin praised Xi's leadership warmly\""));
    /* the passage is shown as written in the document, on one line */
    assert_true(tu_diag_has(f->d, "relations.csv:3: closest passage: \"Putin praised Xi\xe2\x80\x99s "
                               "leadership, warmly\""));
    assert_true(tu_diag_has(f->d, "relations.csv:2: closest passage: \"Xi met Putin on "
                               "\xe2\x80\x9cWednesday\xe2\x80\x9d"));
    assert_true(tu_diag_has(f->d, "relations.csv:4: closest passage: \"Xi met Putin"));
    const kg_diag *note = kg_diagnostics_get(f->d, kg_diagnostics_count(f->d) - 1);
    assert_int_equal(note->severity, KG_SEVERITY_NOTE);
}

static void test_long_quotes_and_passages_are_shortened(void **state)
{
    fixture *f = *state;
    char doc[1024], rel[2048];
    memset(doc, 0, sizeof doc);
    for (size_t i = 0; i < 100; i++)
        strcat(doc, "\xc3\xa9t\xc3\xa9 "); /* 100 x "été " (6 bytes each) */
    tu_write(f->corpus, "a.txt", doc);
    snprintf(rel, sizeof rel, "source,relation,target,doc,quote\nxi,meets,putin,a,%s!\n", doc);
    assert_int_equal(check(f, rel, "id,file\na,a.txt\n"), KG_OK);
    size_t n = kg_diagnostics_count(f->d);
    assert_true(n >= 2);
    const kg_diag *err = kg_diagnostics_get(f->d, n - 2), *note = kg_diagnostics_get(f->d, n - 1);
    assert_int_equal(err->severity, KG_SEVERITY_ERROR);
    assert_int_equal(note->severity, KG_SEVERITY_NOTE);
    assert_true(strlen(err->message) < 300);
    assert_non_null(strstr(err->message, "...\""));
    assert_non_null(strstr(note->message, "...\""));
    /* cut at a character boundary: the text before "..." is whole "été" syllables */
    const char *cut = strstr(note->message, "...\"");
    assert_true(cut[-1] == 't' || cut[-1] == ' ' || (unsigned char)cut[-1] == 0xA9);
}

static void test_missing_empty_and_unsafe_files_are_errors_naming_the_source(void **state)
{
    fixture *f = *state;
    kg_corpus_totals t;
    const char *src =
        "id,title,file\n"
        "a,Doc A,a.txt\n"
        "gone,Missing,gone.txt\n"
        "blank,No file,\n"
        "up,Escape,../a.txt\n"
        "sub,Subdir,sub/a.txt\n"
        "dots,Dots,..\n"
        "abs,Absolute,/etc/passwd\n";
    const char *rel =
        "source,relation,target,doc,quote\n"
        "xi,meets,putin,a,Xi met Putin\n"
        "xi,meets,putin,gone,anything\n"
        "xi,meets,putin,blank,anything\n"
        "xi,meets,putin,up,anything\n"
        "xi,meets,putin,sub,anything\n"
        "xi,meets,putin,dots,anything\n"
        "xi,meets,putin,abs,anything\n"
        "xi,meets,putin,a,\n";
    assert_int_equal(check(f, rel, src), KG_OK);
    kg_corpus_report_totals(f->rep, &t);
    assert_int_equal(t.verified, 1);
    assert_int_equal(t.unchecked, 6);
    assert_int_equal(t.not_found, 0);
    assert_int_equal(t.bad_sources, 6);
    assert_int_equal(t.errors, 6);
    assert_int_equal(t.warnings, 1);
    assert_true(tu_diag_has(f->d, "sources.csv:3: source 'gone': cannot read '"));
    assert_true(tu_diag_has(f->d, "/gone.txt': No such file or directory"));
    assert_true(tu_diag_has(f->d, "sources.csv:4: source 'blank' names no file"));
    assert_true(tu_diag_has(f->d, "sources.csv:5: source 'up': file '../a.txt' is not a plain file name"));
    assert_true(tu_diag_has(f->d, "sources.csv:6: source 'sub': file 'sub/a.txt' is not a plain"));
    assert_true(tu_diag_has(f->d, "sources.csv:7: source 'dots': file '..' is not a plain"));
    assert_true(tu_diag_has(f->d, "sources.csv:8: source 'abs': file '/etc/passwd' is not a plain"));
    assert_true(tu_diag_has(f->d, "relations.csv:9: warning: empty quote"));
    assert_int_equal(kg_corpus_report_quote(f->rep, 1), KG_QUOTE_UNCHECKED);
}

static void test_a_directory_named_as_a_file_and_a_missing_corpus(void **state)
{
    fixture *f = *state;
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/dir.txt", f->corpus);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(check(f, "source,relation,target,doc,quote\nxi,meets,putin,a,Xi\n",
                           "id,file\na,dir.txt\n"),
                     KG_OK);
    assert_true(tu_diag_has(f->d, "sources.csv:2: source 'a': cannot read '"));
    assert_true(tu_diag_has(f->d, "dir.txt': Is a directory"));
    kg_corpus_report_free(f->rep);
    f->rep = NULL;

    snprintf(sub, sizeof sub, "%s/no-such-dir", f->corpus);
    assert_int_equal(kg_corpus_check(&f->rep, f->ds, sub, 0, f->d), KG_EIO);
    assert_null(f->rep);
    assert_non_null(strstr(kg_last_error(), "no-such-dir"));
    snprintf(sub, sizeof sub, "%s/a.txt", f->corpus);
    assert_int_equal(kg_corpus_check(&f->rep, f->ds, sub, 0, f->d), KG_EIO);
    assert_non_null(strstr(kg_last_error(), "not a directory"));
    assert_int_equal(kg_corpus_check(&f->rep, f->ds, NULL, 0, f->d), KG_EUSAGE);
    assert_int_equal(kg_corpus_check(&f->rep, NULL, f->corpus, 0, f->d), KG_EUSAGE);
}

static void test_datasets_without_sources_or_file_column(void **state)
{
    fixture *f = *state;
    kg_corpus_totals t;
    const char *rel = "source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin\n";
    assert_int_equal(check(f, rel, NULL), KG_OK);
    kg_corpus_report_totals(f->rep, &t);
    assert_int_equal(t.errors, 1);
    assert_int_equal(t.unchecked, 1);
    assert_true(tu_diag_has(f->d, "no sources.csv"));

    assert_int_equal(check(f, rel, "id,title\na,Doc A\n"), KG_OK);
    kg_corpus_report_totals(f->rep, &t);
    assert_int_equal(t.errors, 1);
    assert_true(tu_diag_has(f->d, "sources.csv:0: no 'file' column"));
}

static void test_coverage_lists_documents_mentioning_each_entity(void **state)
{
    fixture *f = *state;
    const size_t *src;
    const char *rel = "source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin\n";
    assert_int_equal(check(f, rel, SRC), KG_OK);
    /* xi: label in neither, alias "Xi" in a, "President Xi" in b */
    assert_int_equal(kg_corpus_report_mentions(f->rep, 0, &src), 2);
    assert_int_equal(src[0], 0);
    assert_int_equal(src[1], 1);
    /* putin: alias "Putin" in a only ("Russiaxe2x80x99s" is no mention) */
    assert_int_equal(kg_corpus_report_mentions(f->rep, 1, &src), 1);
    assert_int_equal(src[0], 0);
    /* biden: in a, in no relation; stent: in b (spelled-out ellipsis after the name) */
    assert_int_equal(kg_corpus_report_mentions(f->rep, 2, &src), 1);
    assert_true(kg_corpus_report_unrelated(f->rep, 2));
    assert_int_equal(kg_corpus_report_mentions(f->rep, 3, &src), 1);
    assert_int_equal(src[0], 1);
    assert_true(kg_corpus_report_unrelated(f->rep, 3));
    assert_false(kg_corpus_report_unrelated(f->rep, 0));
    assert_int_equal(kg_corpus_report_mentions(f->rep, 42, &src), 0);
    assert_null(src);
}

static void test_coverage_matches_whole_words_in_any_case(void **state)
{
    fixture *f = *state;
    tu_write(f->corpus, "a.txt", "Xiamen and Putinism, a XIJINPING fan.");
    tu_write(f->corpus, "b.txt", "XI JINPING\nspoke; (putin) answered.");
    const char *rel = "source,relation,target,doc,quote\nxi,meets,putin,a,Xiamen\n";
    assert_int_equal(check(f, rel, SRC), KG_OK);
    const size_t *src;
    assert_int_equal(kg_corpus_report_mentions(f->rep, 0, &src), 1);
    assert_int_equal(src[0], 1);
    assert_int_equal(kg_corpus_report_mentions(f->rep, 1, &src), 1);
    assert_int_equal(src[0], 1);
    assert_int_equal(kg_corpus_report_mentions(f->rep, 2, &src), 0);
}

/* The reference for coverage: name (normalised, folded) occurs in text as whole words,
 * searched naively. */
static int naive_mention(const char *text, const char *name)
{
    size_t n = strlen(text), m = strlen(name);
    int word_start = isalnum((unsigned char)name[0]) || (unsigned char)name[0] >= 0x80;
    int word_end = isalnum((unsigned char)name[m - 1]) || (unsigned char)name[m - 1] >= 0x80;
    for (size_t p = 0; m && p + m <= n; p++) {
        if (memcmp(text + p, name, m) != 0)
            continue;
        unsigned char before = p ? (unsigned char)text[p - 1] : ' ';
        unsigned char after = p + m < n ? (unsigned char)text[p + m] : ' ';
        if (word_start && (isalnum(before) || before >= 0x80))
            continue;
        if (word_end && (isalnum(after) || after >= 0x80))
            continue;
        return 1;
    }
    return 0;
}

/* Coverage, found in one hashed pass per document, agrees with a naive search of every
 * name in every document on random names (one to three words, some with punctuation at
 * an end, repeated, in other cases) and random documents, several sources per document. */
static void test_coverage_agrees_with_a_naive_search(void **state)
{
    fixture *f = *state;
    static const char *const words[] = {"xi", "Jinping", "C++", "(R)", "a", "b", "ab", "Li",
                                        "li-qiang", ".net", "\xc3\x9cn", "\xe4\xb8\xad",
                                        "x.y", "XI", "jinping"};
    static const char *const seps[] = {" ", "  ", "\n", ", ", ".", "-", ""};
    char ent[8192], src[1024], doc[6][2048], names[40][3][64];
    unsigned seed = 12345;
#define RND(n) ((seed = seed * 1103515245u + 12345u) >> 16) % (n)
    size_t len = (size_t)snprintf(ent, sizeof ent, "id,label,aliases\n");
    for (int e = 0; e < 40; e++) {
        for (int k = 0; k < 3; k++) {
            names[e][k][0] = '\0';
            for (unsigned w = 0, words_n = 1 + RND(3); w < words_n; w++) {
                if (w)
                    strcat(names[e][k], " ");
                strcat(names[e][k], words[RND(15)]);
            }
        }
        len += (size_t)snprintf(ent + len, sizeof ent - len, "e%d,\"%s\",\"%s;%s\"\n", e,
                                names[e][0], names[e][1], names[e][2]);
    }
    size_t slen = (size_t)snprintf(src, sizeof src, "id,file\n");
    for (int s = 0; s < 9; s++)
        slen += (size_t)snprintf(src + slen, sizeof src - slen, "s%d,d%d.txt\n", s, s % 6);
    for (int d = 0; d < 6; d++) {
        char file[16];
        doc[d][0] = '\0';
        for (unsigned t = 0, n = RND(120); t < n; t++) {
            strcat(doc[d], words[RND(15)]);
            strcat(doc[d], seps[RND(7)]);
        }
        snprintf(file, sizeof file, "d%d.txt", d);
        tu_write(f->corpus, file, doc[d]);
    }
#undef RND
    kg_corpus_report_free(f->rep);
    kg_dataset_free(f->ds);
    kg_diagnostics_free(f->d);
    f->rep = NULL;
    assert_int_equal(tu_load(&f->ds, &f->d, ent, "source,relation,target\ne0,r,e1\n", src), KG_OK);
    assert_int_equal(kg_corpus_check(&f->rep, f->ds, f->corpus, KG_CORPUS_COVERAGE, f->d), KG_OK);
    size_t total = 0;
    for (int e = 0; e < 40; e++) {
        const size_t *found;
        size_t count = kg_corpus_report_mentions(f->rep, (size_t)e, &found), k = 0;
        for (int s = 0; s < 9; s++) {
            char *text, *name;
            int want = 0;
            assert_int_equal(kg_corpus_normalize(&text, NULL, doc[s % 6], strlen(doc[s % 6]),
                                                 KG_NORMALIZE_FOLD_CASE), KG_OK);
            for (int n = 0; n < 3 && !want; n++) {
                assert_int_equal(kg_corpus_normalize(&name, NULL, names[e][n], strlen(names[e][n]),
                                                     KG_NORMALIZE_FOLD_CASE), KG_OK);
                want = name[0] && naive_mention(text, name);
                kg_free(name);
            }
            kg_free(text);
            if (want) {
                assert_true(k < count);
                assert_int_equal(found[k], (size_t)s);
                k++;
            }
        }
        assert_int_equal(k, count);
        total += count;
    }
    assert_true(total > 20); /* the random data does mention things */
}

static void test_cli_prints_summary_quotes_and_coverage(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char ds[1024], corpus[1024];
    snprintf(ds, sizeof ds, "%s/ds", dir);
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    assert_int_equal(mkdir(ds, 0700), 0);
    assert_int_equal(mkdir(corpus, 0700), 0);
    tu_write(ds, "entities.csv", ENT);
    tu_write(ds, "sources.csv", SRC);
    tu_write(ds, "relations.csv",
             "source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin\n"
             "stent,criticises,putin,b,Russia's build-up\n");
    tu_write(corpus, "a.txt", DOC_A);
    tu_write(corpus, "b.txt", DOC_B);

    const char *ok[] = {"check", ds, "--corpus", corpus, NULL};
    tu_run r = tu_kgraph(NULL, ok);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, ": 4 entities, 2 relations (2 citations), 2 sources\n"
                                  "quotes: 2 verified in 2 documents\n"
                                  "coverage: xi (Xi Jinping): a, b\n"
                                  "coverage: putin (Vladimir Putin): a\n"
                                  "coverage: biden (Joe Biden): a\n"
                                  "coverage: stent (Angela Stent): b\n"
                                  "mentioned but in no relation: biden\n"));
    tu_run_free(&r);

    const char *cov[] = {"check", ds, "--corpus", corpus, "--coverage", NULL};
    r = tu_kgraph(NULL, cov);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "quotes:"));
    assert_non_null(strstr(r.out, "coverage: xi (Xi Jinping): a, b\n"));
    tu_run_free(&r);

    tu_write(ds, "relations.csv", "source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Biden\n");
    r = tu_kgraph(NULL, ok);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "quotes: 0 of 1 verified in 2 documents (1 not found, 0 unchecked)\n"));
    assert_non_null(strstr(r.err, "/relations.csv:2: quote not found in "));
    assert_non_null(strstr(r.err, "/relations.csv:2: note: closest passage: \"Xi met Putin"));
    tu_run_free(&r);

    const char *bad[] = {"check", ds, "--coverage", NULL};
    r = tu_kgraph(NULL, bad);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--coverage needs --corpus"));
    tu_run_free(&r);
    tu_rmtree(dir);
}

static void test_every_allocation_failure_ends_in_a_clean_error(void **state)
{
    fixture *f = *state;
    const char *rel = "source,relation,target,doc,quote\nxi,meets,putin,a,Xi met Putin\n"
                      "putin,meets,xi,b,nowhere to be found\n";
    assert_int_equal(tu_load(&f->ds, &f->d, ENT, rel, "id,file\na,a.txt\nb,b.txt\nc,\n"), KG_OK);
    int done = 0;
    for (unsigned long n = 1; n < 1000 && !done; n++) {
        kg_diagnostics *diags;
        kg_corpus_report *rep = NULL;
        assert_int_equal(kg_diagnostics_new(&diags, 0), KG_OK);
        kg_alloc__fail_after(n);
        int rc = kg_corpus_check(&rep, f->ds, f->corpus, 0, diags);
        unsigned long made = kg_alloc__fail_after(0);
        if (rc == KG_OK) {
            assert_non_null(rep);
            done = made < n;
        } else {
            assert_int_equal(rc, KG_ENOMEM);
            assert_null(rep);
        }
        kg_corpus_report_free(rep);
        kg_diagnostics_free(diags);
    }
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalisation_table),
        cmocka_unit_test_setup_teardown(test_quotes_are_found_through_normalisation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_quote_not_found_is_an_error_with_the_closest_passage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_quotes_and_passages_are_shortened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_empty_and_unsafe_files_are_errors_naming_the_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_directory_named_as_a_file_and_a_missing_corpus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_datasets_without_sources_or_file_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_lists_documents_mentioning_each_entity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_matches_whole_words_in_any_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_agrees_with_a_naive_search, setup, teardown),
        cmocka_unit_test(test_cli_prints_summary_quotes_and_coverage),
        cmocka_unit_test_setup_teardown(test_every_allocation_failure_ends_in_a_clean_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
