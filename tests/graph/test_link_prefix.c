/* test_link_prefix.c: one link-prefix rule: kg_link_prefix_check, kg_graph_build and
 * `kgraph render --link-prefix` accept and refuse the same prefixes (issue 15 item 6). */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *prefix;
    int ok;
} cases[] = {
    {"#entity-", 1}, {"#a.b_c-9", 1}, {"people/", 1}, {"docs/p.", 1}, {"x", 1},
    {"", 0}, {"/etc/", 0}, {"../up/", 0}, {"a..b", 0}, {"#a/b", 0}, {"a#b", 0},
    {"javascript:alert(1)//", 0}, {"#x\"", 0}, {"a b", 0},
};

static void test_api_and_cli_agree_on_every_prefix(void **state)
{
    (void)state;
    kg_dataset *ds = NULL;
    kg_diagnostics *diags = NULL;
    assert_int_equal(tu_load(&ds, &diags, "id,label\na,A\nb,B\n",
                             "source,relation,target\na,meets,b\n", NULL), KG_OK);
    char *dir = tu_mkdtemp();
    tu_write(dir, "entities.csv", "id,label\na,A\nb,B\n");
    tu_write(dir, "relations.csv", "source,relation,target\na,meets,b\n");
    char out[1024];
    snprintf(out, sizeof out, "%s/out.dot", dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = cases[i].prefix;
        int check = kg_link_prefix_check(p) == KG_OK;
        kg_graph_options o;
        kg_graph_options_init(&o);
        o.entity_link_prefix = p;
        Agraph_t *g = NULL;
        int built = kg_graph_build(&g, ds, &o, NULL) == KG_OK;
        kg_graph_free(g);
        tu_run r = tu_kgraph(NULL, (const char *const[]){"render", dir, "-q", "-T", "svg",
                                                         "--link-prefix", p, "-o", out, NULL});
        int cli = r.status == 0;
        if (check != cases[i].ok || built != cases[i].ok || cli != cases[i].ok ||
            (!cli && (r.status != 2 || !strstr(r.err, "link prefix"))))
            fail_msg("prefix '%s': expected %s, check %d, build %d, cli status %d (%s)", p,
                     cases[i].ok ? "accepted" : "refused", check, built, r.status, r.err);
        tu_run_free(&r);
        remove(out);
    }
    tu_rmtree(dir);
    kg_dataset_free(ds);
    kg_diagnostics_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_and_cli_agree_on_every_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
