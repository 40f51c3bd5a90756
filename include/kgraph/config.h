/* kgraph/config.h: kgraph.ini, the settings a dataset directory carries (file names, column
 * mappings, delimiter, title, style, view options), and `kgraph init`, which writes one.
 *
 * The format (docs/dataset.md, "kgraph.ini"): INI as libinih reads it, lines of at most
 * 199 bytes, ';' or '#' starting a comment line, " ;" an inline comment.
 *   [dataset]    entities, relations, sources (file names relative to the directory),
 *                delimiter (comma, semicolon, tab, pipe), title, style (a style file)
 *   [entities]   COLUMN = HEADER, as --map entities.COLUMN=HEADER (likewise [relations],
 *   [relations]  [sources])
 *   [sources]
 *   [view]       focus, depth, type, relation, polarity, doc, since, until, min-sources,
 *                cluster: defaults of the view options of the same names
 * Every problem is an error "kgraph.ini:LINE: ..." (an unknown section or key with "did you
 * mean ...?"). Options given on the command line override the file.
 */
#ifndef KGRAPH_CONFIG_H
#define KGRAPH_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "kgraph/common.h"
#include "kgraph/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The name of the file in a dataset directory. */
#define KG_CONFIG_FILE "kgraph.ini"

typedef struct kg_config kg_config;

/* Reads DIR/kgraph.ini when dataset is a directory that has one. Returns KG_OK with the
 * settings in *out (free with kg_config_free), or with *out NULL when there is no such
 * file (dataset NULL means "."); KG_EINVALID when the file has errors (each in diags as
 * "DIR/kgraph.ini:LINE: message"), KG_EIO when it cannot be read, KG_ENOMEM. */
KG_API int kg_config_find(kg_config **out, const char *dataset, kg_diagnostics *diags);

/* Reads the kgraph.ini at path; as kg_config_find otherwise (*out is never NULL on KG_OK).
 * File names and the style are taken relative to path's directory. */
KG_API int kg_config_load(kg_config **out, const char *path, kg_diagnostics *diags);

/* Frees the settings. NULL does nothing. */
KG_API void kg_config_free(kg_config *cfg);

/* Adds the file's settings to opts where opts has none: the paths of the files, the
 * delimiter, and a mapping for each column opts does not map yet. The strings are the
 * config's: it must outlive opts' use. Returns KG_OK, or KG_ELIMIT when the mappings
 * would pass KG_MAX_COLUMN_MAPS (message in kg_last_error()). */
KG_API int kg_config_apply(const kg_config *cfg, kg_load_options *opts);

/* The value of key in section ("dataset", "view"; keys in lower case), or NULL when the
 * file does not set it. "style" comes as a path usable from the current directory. */
KG_API const char *kg_config_get(const kg_config *cfg, const char *section, const char *key);

/* The i-th setting of section in file order: its key, value and line. Returns 1, or 0
 * past the last one. */
KG_API int kg_config_item(const kg_config *cfg, const char *section, size_t i, const char **key,
                          const char **value, unsigned long *line);

/* The file's path as used in messages. */
KG_API const char *kg_config_path(const kg_config *cfg);

/* `kgraph init`: looks at the headers of the .csv and .tsv files in dir (NULL: "."),
 * guesses which file holds the entities, the relations and the sources and which header
 * holds each column (the names and synonyms the loader knows), and writes dir/kgraph.ini
 * atomically. An existing kgraph.ini is left alone unless force is nonzero. What was
 * guessed is printed to report (may be NULL). Returns KG_OK, or KG_EINVALID when
 * kgraph.ini exists (without force) or no relations file was found, KG_EIO, KG_ENOMEM;
 * the reason is in kg_last_error(). */
KG_API int kg_config_init(const char *dir, int force, FILE *report);

#ifdef __cplusplus
}
#endif
#endif
