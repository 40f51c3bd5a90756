/* test_bundled_svg.c: the diagrams of data/ that graphs/ holds, rendered by this build (with
 * whichever Graphviz it links), pass the SVG safety checks and draw the seven key entities.
 * graphs/ itself is compared byte for byte only with Debian's Graphviz (scripts/test);
 * this test holds on every Graphviz version, as it checks what kgraph decides, not where
 * Graphviz puts it. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svgcheck.h"

/* The entities scripts/render-graphs draws an ego network of. */
static const char *const key_entities[] = {"xi_jinping", "vladimir_putin", "wang_yi", "nato",
                                           "aukus",      "ukraine",        "taiwan"};
#define N_KEY (sizeof key_entities / sizeof key_entities[0])

/* Reads dir/name and asserts it passes svg_check; returns the text (free()). */
static char *checked_svg(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len = 0;
    char *svg = tu_read(path, &len);
    if (!svg)
        fail_msg("%s was not written", path);
    char why[512];
    if (svg_check(svg, len, why, sizeof why) != 0)
        fail_msg("%s fails the SVG safety check: %s", name, why);
    return svg;
}

static void test_the_bundled_diagrams_are_safe_and_draw_the_key_entities(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s/scripts/render-graphs' '%s' '%s' >'%s/log' 2>&1",
             KGRAPH_SOURCE_DIR, KGRAPH_EXE, dir, dir);
    if (system(cmd) != 0) {
        char log[4200];
        snprintf(log, sizeof log, "%s/log", dir);
        char *text = tu_read(log, NULL);
        fail_msg("scripts/render-graphs failed: %s", text ? text : "(no log)");
    }
    char *overview = checked_svg(dir, "overview.svg");
    for (size_t i = 0; i < N_KEY; i++) {
        char id[128], name[128];
        /* Graphviz writes the id's hyphen as a character reference */
        snprintf(id, sizeof id, "id=\"e&#45;%s\"", key_entities[i]);
        if (!strstr(overview, id))
            fail_msg("overview.svg does not draw %s", key_entities[i]);
        snprintf(name, sizeof name, "focus-%s.svg", key_entities[i]);
        char *focus = checked_svg(dir, name);
        if (!strstr(focus, id))
            fail_msg("%s does not draw %s", name, key_entities[i]);
        assert_non_null(strstr(focus, " legend")); /* the legend is drawn too */
        free(focus);
    }
    free(overview);
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_bundled_diagrams_are_safe_and_draw_the_key_entities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
