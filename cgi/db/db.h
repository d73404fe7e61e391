/*
 * db/db.c: MariaDB through prepared statements only.  Every statement
 * has an id in db/stmt.h and its SQL in db/db_sql.c.
 */
#ifndef KT_DB_H
#define KT_DB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

#include "db/stmt.h"

enum db_rc {
	DB_OK = 0,
	DB_ERR,		/* statement failed: bug or constraint; logged */
	DB_DUP,		/* duplicate key */
	DB_DOWN,	/* server gone; the caller answers 503 */
	DB_RETRY,	/* deadlock or lock wait timeout: try again */
};


struct db;

struct dbres {
	enum stmt stmt;		/* the statement it answers, for the log */
	size_t	  ncols;
	size_t	  nrows;
	char	**names;	/* column names */
	char	**cells;	/* nrows * ncols; NULL for SQL NULL */
	char	**orig;		/* a localised cell's text as stored (dbres_localise) */
};

struct db *db_open(HDF *conf);
void	 db_close(struct db *);
int	 db_connected(struct db *);
/*
 * Types: 'i' int64_t, 'u' uint64_t, 'n' int64_t where 0 is SQL NULL (an
 * optional reference), 's' const char * (NULL is SQL NULL),
 * 'b' (const void *, size_t) binary.  db_query owns nothing on error;
 * on DB_OK *res is the caller's (free with dbres_free).
 */
enum db_rc db_query(struct db *, enum stmt, struct dbres **res, const char *types, ...);
enum db_rc db_exec(struct db *, enum stmt, uint64_t *affected, uint64_t *insert_id,
	     const char *types, ...);
enum db_rc db_begin(struct db *);
enum db_rc db_commit(struct db *);
void	 db_rollback(struct db *);
enum db_rc db_sync_wait(struct db *, int on);
void	 dbres_free(struct dbres *);
/*
 * A cell by column name; NULL for SQL NULL or a row past the end.  A name the
 * result does not have is a bug (a misspelt column would read as NULL or 0):
 * it is logged as "db: no column", which fails tests/zz_logs.sh.
 */
const char *dbres_get(const struct dbres *, size_t row, const char *col);
/* Whether the result has that column (for code shared by several statements). */
int	 dbres_has(const struct dbres *, const char *col);
int64_t	 dbres_int(const struct dbres *, size_t row, const char *col);
/*
 * Columns X__en, X__ru, X__kk are X's translations: localising a result
 * puts the one in `lang` (a code, "ru") into X where it is given.
 * db_set_lang makes every later db_query do that (a page sets the
 * visitor's; "" or NULL turns it off); a mail job localises per row to
 * each recipient's language.
 */
void	 db_set_lang(struct db *, const char *code);
void	 dbres_localise(struct dbres *, const char *lang);
void	 dbres_localise_row(struct dbres *, size_t row, const char *lang);
/* Copies row `row` into hdf under prefix with column names as keys. */
NEOERR	*dbres_row_to_hdf(const struct dbres *, size_t row, HDF *hdf, const char *prefix);

#endif
