/*
 * The database layer: one MariaDB connection per process, statements from
 * the table in db_sql.c prepared once per connection (lazily), every value
 * bound as a parameter.  Results come back as strings, which is what the
 * HDF and JSON layers want anyway.
 *
 * When the server goes away (restart, failover) the connection is dropped
 * and re-made on the next call, through the list of nodes (db_connect); a
 * statement that failed before it reached the server is retried once,
 * outside transactions only.  A transaction whose connection died is the
 * caller's to try again (orders.c sale_run).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/conf.h"
#include "lib/util.h"


struct db {
	MYSQL		*my;
	MYSQL_STMT	*st[STMT__MAX];
	HDF		*conf;
	int		 in_tx;
	char		 lang[4];	/* db_set_lang: the language results are read in */
};

#define DB_MAXPARAMS 24

static void
db_drop(struct db *db)
{
	size_t	 i;

	for (i = 0; i < STMT__MAX; i++)
		if (db->st[i] != NULL) {
			mysql_stmt_close(db->st[i]);
			db->st[i] = NULL;
		}
	if (db->my != NULL) {
		mysql_close(db->my);
		db->my = NULL;
	}
	db->in_tx = 0;
}

/* A handle with our options and session settings, not yet connected. */
static MYSQL *
db_handle(void)
{
	MYSQL		*my;
	unsigned	 timeout = 3, rtimeout = 60;
	my_bool		 no = 0;
	/*
	 * READ COMMITTED: correctness here rests on unique keys and conditional
	 * updates, never on repeatable reads, and it keeps INSERT ... SELECT from
	 * share-locking the rows it reads (which turned a rush of buyers into
	 * deadlocks on the event's row).
	 */
	const char	*init = "SET time_zone = '+00:00', tx_isolation = 'READ-COMMITTED', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'";

	if ((my = mysql_init(NULL)) == NULL) {
		klog("mysql_init: out of memory");
		return NULL;
	}
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(my, MYSQL_OPT_READ_TIMEOUT, &rtimeout);
	mysql_options(my, MYSQL_OPT_WRITE_TIMEOUT, &rtimeout);
	mysql_options(my, MYSQL_OPT_RECONNECT, &no);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(my, MYSQL_INIT_COMMAND, init);
	return my;
}

/*
 * Whether the server just connected to may serve: a Galera node that is
 * joining (IST/SST) or cut off from the primary component accepts the
 * connection but refuses statements with 1047 (this query too, which then
 * says "not ready").  Asked only when there is another node to go to (a
 * list).  A server with wsrep off is ready; one built without Galera does
 * not know @@wsrep_on (1193) and is ready too.  A fixed query with no
 * input, so not one of the prepared statements.
 */
static int
node_ready(MYSQL *my)
{
	static const char q[] = "SELECT @@global.wsrep_on = 0 OR (SELECT VARIABLE_VALUE "
	    "FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_READY') = 'ON'";
	MYSQL_RES	*r;
	MYSQL_ROW	 row;
	int		 ready;

	if (mysql_real_query(my, q, sizeof(q) - 1) != 0)
		return mysql_errno(my) == ER_UNKNOWN_SYSTEM_VARIABLE;
	if ((r = mysql_store_result(my)) == NULL)
		return 0;
	ready = (row = mysql_fetch_row(r)) != NULL && row[0] != NULL && strcmp(row[0], "1") == 0;
	mysql_free_result(r);
	return ready;
}

/*
 * One node of the list: "/path/to/socket", "host", "host:port" or
 * "[v6addr]:port".  Fills host (NULL for a socket), port and sock; the
 * strings are the caller's to free.
 */
static void
node_parse(const char *w, size_t n, unsigned defport, char **host, unsigned *port, char **sock)
{
	const char	*colon = NULL, *end = w + n, *p;
	int64_t		 v;
	char		*num;

	*host = *sock = NULL;
	*port = defport;
	if (w[0] == '/') {
		*sock = xasprintf("%.*s", (int)n, w);
		return;
	}
	if (w[0] == '[' && (p = memchr(w, ']', n)) != NULL) {
		*host = xasprintf("%.*s", (int)(p - w - 1), w + 1);
		colon = p + 1 < end && p[1] == ':' ? p + 1 : NULL;
	} else {
		for (p = w; p < end; p++)
			if (*p == ':')
				colon = p;
		*host = xasprintf("%.*s", (int)((colon ? colon : end) - w), w);
	}
	if (colon != NULL) {
		num = xasprintf("%.*s", (int)(end - colon - 1), colon + 1);
		if (parse_int64(num, 1, 65535, &v) == 0)
			*port = (unsigned)v;
		else
			klog("database node \"%.*s\": bad port; using %u", (int)n, w, defport);
		free(num);
	}
}

/*
 * Connects to the first node that answers and is ready, in this host's
 * order of preference (README "Two app hosts and a Galera cluster"):
 *
 *   DB.Nodes   a list of "/socket", "host" or "host:port" separated by
 *              spaces: the nodes of a Galera cluster, local or over TCP;
 *   DB.Socket  else: one socket, or several separated by spaces (with
 *              DB.Host/DB.Port as ever);
 *   DB.Host    else: one host, or several "host[:port]" (DB.Port the
 *              default port).
 *
 * Each connect, the first and every one after the server went away,
 * walks the list from its start, so a worker whose node died goes on with
 * the next one, and a node that comes back is taken again by new
 * connections.
 */
static int
db_connect(struct db *db)
{
	MYSQL		*my;
	const char	*list, *p, *w;
	char		*host, *sock;
	unsigned	 port, defport = (unsigned)conf_int(db->conf, "DB.Port", 0);
	size_t		 n, count = 0;
	int		 bysock = 0;

	if ((list = conf_str(db->conf, "DB.Nodes", NULL)) == NULL) {
		if ((list = conf_str(db->conf, "DB.Socket", NULL)) != NULL)
			bysock = 1;
		else
			list = conf_str(db->conf, "DB.Host", NULL);
	}
	/* how many nodes: only a list asks each node whether it is ready */
	for (p = list; p != NULL && *(p += strspn(p, " \t")) != '\0'; p += strcspn(p, " \t"))
		count++;
	p = count > 0 ? list : NULL;	/* none: DB.Host/DB.Port or the client's default */
	do {
		host = sock = NULL;
		port = defport;
		if (p == NULL)
			host = xstrdup(conf_str(db->conf, "DB.Host", NULL));
		else {
			p += strspn(p, " \t");
			w = p;
			n = strcspn(p, " \t");
			p += n;
			if (n == 0)
				break;
			if (bysock) {
				sock = xasprintf("%.*s", (int)n, w);
				host = xstrdup(conf_str(db->conf, "DB.Host", NULL));
			} else
				node_parse(w, n, defport, &host, &port, &sock);
			if (*(p + strspn(p, " \t")) == '\0')
				p = NULL;
		}
		if ((my = db_handle()) == NULL) {
			free(host);
			free(sock);
			return -1;
		}
		if (mysql_real_connect(my, host, conf_str(db->conf, "DB.User", "kametay"),
		    conf_str(db->conf, "DB.Password", NULL), conf_str(db->conf, "DB.Name", "kametay"),
		    port, sock, 0) != NULL) {
			if (count < 2 || node_ready(my)) {
				db->my = my;
				free(host);
				free(sock);
				return 0;
			}
			klog("database node %s%s%.0u: not ready (joining, or outside the primary "
			    "component); trying the next", sock ? sock : host ? host : "localhost",
			    sock ? "" : ":", sock ? 0 : port);
		} else
			klog("database connect %s%s%.0u: %s", sock ? sock : host ? host : "localhost",
			    sock ? "" : ":", sock ? 0 : port, mysql_error(my));
		mysql_close(my);
		free(host);
		free(sock);
	} while (p != NULL);
	return -1;
}

struct db *
db_open(HDF *conf)
{
	struct db *db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->conf = conf;
	/* a failed first connect is not fatal: health answers 503 until it works */
	(void)db_connect(db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_drop(db);
	free(db);
}

int
db_connected(struct db *db)
{
	return db->my != NULL;
}

static int
err_is_gone(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == CR_ERR_NET_READ || e == CR_ERR_NET_WRITE ||
	    e == ER_CONNECTION_KILLED || e == ER_SERVER_SHUTDOWN ||
	    e == 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */ ||
	    /* a Galera node out of the primary component or still joining
	     * ("WSREP has not yet prepared node for application use"): drop
	     * it; the next connect walks the list and skips nodes not ready */
	    e == ER_UNKNOWN_COM_ERROR;
}

static enum db_rc
classify(struct db *db, enum stmt id, unsigned e, const char *msg)
{
	if (e == ER_DUP_ENTRY)
		return DB_DUP;
	/*
	 * 1467: InnoDB could not take the AUTO-INC lock (a deadlock under it).
	 * Galera's certification failures (a write set that conflicts with one
	 * another node committed first) and its brute-force aborts of a local
	 * transaction by a replicated one both arrive as 1213.
	 */
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT || e == ER_AUTOINC_READ_FAILED)
		return DB_RETRY;
	if (err_is_gone(e)) {
		klog("database gone (%u: %s); will reconnect", e, msg);
		db_drop(db);
		return DB_DOWN;
	}
	klog("statement %d failed: %u %s", (int)id, e, msg);
	return DB_ERR;
}

static MYSQL_STMT *
stmt_get(struct db *db, enum stmt id, enum db_rc *rc)
{
	MYSQL_STMT	*st;
	unsigned	 e;

	if (db->my == NULL && db_connect(db) != 0) {
		*rc = DB_DOWN;
		return NULL;
	}
	if (db->st[id] != NULL)
		return db->st[id];
	if ((st = mysql_stmt_init(db->my)) == NULL) {
		*rc = DB_ERR;
		return NULL;
	}
	if (mysql_stmt_prepare(st, stmt_sql[id], strlen(stmt_sql[id])) != 0) {
		e = mysql_stmt_errno(st);
		*rc = classify(db, id, e, mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	db->st[id] = st;
	return st;
}

/* Owns nothing: the bind array points into the caller's varargs values. */
struct params {
	MYSQL_BIND	 b[DB_MAXPARAMS];
	int64_t		 ints[DB_MAXPARAMS];
	unsigned long	 lens[DB_MAXPARAMS];
	my_bool		 nulls[DB_MAXPARAMS];
	size_t		 n;
};

static int
params_fill(struct params *p, const char *types, va_list ap)
{
	size_t		 i;
	const char	*s;
	const void	*v;

	memset(p, 0, sizeof(*p));
	for (i = 0; types[i] != '\0'; i++) {
		if (i >= DB_MAXPARAMS)
			return -1;
		switch (types[i]) {
		case 'n':	/* an optional reference: 0 is SQL NULL */
			p->ints[i] = va_arg(ap, int64_t);
			p->b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			p->b[i].buffer = &p->ints[i];
			if (p->ints[i] == 0) {
				p->nulls[i] = 1;
				p->b[i].is_null = &p->nulls[i];
			}
			break;
		case 'i':
		case 'u':
			p->ints[i] = types[i] == 'i' ? va_arg(ap, int64_t) :
			    (int64_t)va_arg(ap, uint64_t);
			p->b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			p->b[i].buffer = &p->ints[i];
			p->b[i].is_unsigned = types[i] == 'u';
			break;
		case 's':
			s = va_arg(ap, const char *);
			p->b[i].buffer_type = MYSQL_TYPE_STRING;
			if (s == NULL) {
				p->nulls[i] = 1;
				p->b[i].is_null = &p->nulls[i];
			} else {
				p->lens[i] = strlen(s);
				p->b[i].buffer = (void *)s;
				p->b[i].buffer_length = p->lens[i];
				p->b[i].length = &p->lens[i];
			}
			break;
		case 'b':
			v = va_arg(ap, const void *);
			p->lens[i] = va_arg(ap, size_t);
			p->b[i].buffer_type = MYSQL_TYPE_BLOB;
			p->b[i].buffer = (void *)v;
			p->b[i].buffer_length = p->lens[i];
			p->b[i].length = &p->lens[i];
			break;
		default:
			return -1;
		}
	}
	p->n = i;
	return 0;
}

/* Binds and executes; on a vanished server retries once outside transactions. */
static MYSQL_STMT *
run(struct db *db, enum stmt id, struct params *p, enum db_rc *rc)
{
	MYSQL_STMT	*st;
	int		 attempt;
	unsigned	 e;

	for (attempt = 0; attempt < 2; attempt++) {
		int was_tx = db->in_tx;

		if ((st = stmt_get(db, id, rc)) == NULL) {
			if (*rc == DB_DOWN && !was_tx && attempt == 0)
				continue;
			return NULL;
		}
		if (mysql_stmt_param_count(st) != p->n) {
			klog("statement %d wants %lu parameters, got %zu", (int)id,
			    mysql_stmt_param_count(st), p->n);
			*rc = DB_ERR;
			return NULL;
		}
		if (p->n > 0 && mysql_stmt_bind_param(st, p->b) != 0) {
			*rc = classify(db, id, mysql_stmt_errno(st), mysql_stmt_error(st));
			return NULL;
		}
		if (mysql_stmt_execute(st) == 0) {
			*rc = DB_OK;
			return st;
		}
		e = mysql_stmt_errno(st);
		*rc = classify(db, id, e, mysql_stmt_error(st));
		/* 2006: nothing reached the server, so a retry cannot do it twice */
		if (*rc == DB_DOWN && e == CR_SERVER_GONE_ERROR && !was_tx && attempt == 0)
			continue;
		return NULL;
	}
	return NULL;
}

enum db_rc
db_exec(struct db *db, enum stmt id, uint64_t *affected, uint64_t *insert_id,
    const char *types, ...)
{
	struct params	 p;
	MYSQL_STMT	*st;
	enum db_rc	 rc;
	va_list		 ap;
	int		 bad;

	va_start(ap, types);
	bad = params_fill(&p, types, ap);
	va_end(ap);
	if (bad) {
		klog("statement %d: bad parameter types \"%s\"", (int)id, types);
		return DB_ERR;
	}
	if ((st = run(db, id, &p, &rc)) == NULL)
		return rc;
	if (affected != NULL)
		*affected = mysql_stmt_affected_rows(st);
	if (insert_id != NULL)
		*insert_id = mysql_stmt_insert_id(st);
	mysql_stmt_free_result(st);
	return DB_OK;
}

enum db_rc
db_query(struct db *db, enum stmt id, struct dbres **out, const char *types, ...)
{
	struct params	 p;
	MYSQL_STMT	*st;
	MYSQL_RES	*meta = NULL;
	MYSQL_FIELD	*f;
	MYSQL_BIND	*rb = NULL;
	unsigned long	*lens = NULL;
	my_bool		*nulls = NULL, yes = 1;
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	va_list		 ap;
	size_t		 i, cap = 0;
	int		 bad, frc;

	*out = NULL;
	va_start(ap, types);
	bad = params_fill(&p, types, ap);
	va_end(ap);
	if (bad) {
		klog("statement %d: bad parameter types \"%s\"", (int)id, types);
		return DB_ERR;
	}
	if ((st = run(db, id, &p, &rc)) == NULL)
		return rc;
	/* before store_result, so max_length sizes each column's buffer */
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &yes);

	rc = DB_ERR;
	do {
		if (mysql_stmt_store_result(st) != 0) {
			rc = classify(db, id, mysql_stmt_errno(st), mysql_stmt_error(st));
			st = NULL;
			break;
		}
		if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
			klog("statement %d returns no result set", (int)id);
			break;
		}
		if ((res = calloc(1, sizeof(*res))) == NULL)
			break;
		res->stmt = id;
		res->ncols = mysql_num_fields(meta);
		f = mysql_fetch_fields(meta);
		res->names = calloc(res->ncols, sizeof(char *));
		rb = calloc(res->ncols, sizeof(MYSQL_BIND));
		lens = calloc(res->ncols, sizeof(unsigned long));
		nulls = calloc(res->ncols, sizeof(my_bool));
		if (res->names == NULL || rb == NULL || lens == NULL || nulls == NULL)
			break;
		for (i = 0; i < res->ncols; i++) {
			res->names[i] = xstrdup(f[i].name);
			rb[i].buffer_type = MYSQL_TYPE_STRING;
			/* max_length is exact after store_result with UPDATE_MAX_LENGTH */
			rb[i].buffer_length = f[i].max_length + 1;
			rb[i].buffer = malloc(rb[i].buffer_length);
			if (rb[i].buffer == NULL)
				break;
			rb[i].length = &lens[i];
			rb[i].is_null = &nulls[i];
		}
		if (i < res->ncols)
			break;
		if (mysql_stmt_bind_result(st, rb) != 0) {
			klog("bind result %d: %s", (int)id, mysql_stmt_error(st));
			break;
		}
		while ((frc = mysql_stmt_fetch(st)) == 0 || frc == MYSQL_DATA_TRUNCATED) {
			char **row;

			if (frc == MYSQL_DATA_TRUNCATED) {
				klog("statement %d: truncated column", (int)id);
				break;
			}
			if (res->nrows == cap) {
				char **n;

				cap = cap ? cap * 2 : 8;
				n = realloc(res->cells, cap * res->ncols * sizeof(char *));
				if (n == NULL)
					break;
				res->cells = n;
			}
			row = res->cells + res->nrows * res->ncols;
			for (i = 0; i < res->ncols; i++) {
				if (nulls[i]) {
					row[i] = NULL;
					continue;
				}
				row[i] = malloc(lens[i] + 1);
				if (row[i] == NULL)
					abort();
				memcpy(row[i], rb[i].buffer, lens[i]);
				row[i][lens[i]] = '\0';
			}
			res->nrows++;
		}
		if (frc == 1) {
			rc = classify(db, id, mysql_stmt_errno(st), mysql_stmt_error(st));
			st = NULL;
			break;
		}
		if (frc != MYSQL_NO_DATA)
			break;
		rc = DB_OK;
	} while (0);

	if (rb != NULL)
		for (i = 0; i < (res ? res->ncols : 0); i++)
			free(rb[i].buffer);
	free(rb);
	free(lens);
	free(nulls);
	if (meta != NULL)
		mysql_free_result(meta);
	if (st != NULL)
		mysql_stmt_free_result(st);
	if (rc != DB_OK) {
		dbres_free(res);
		return rc;
	}
	if (db->lang[0] != '\0')
		dbres_localise(res, db->lang);
	*out = res;
	return DB_OK;
}

/* START TRANSACTION; DB_OK or what classify() made of the error. */
static enum db_rc
begin_once(struct db *db, unsigned *e)
{
	*e = 0;
	if (db->my == NULL && db_connect(db) != 0)
		return DB_DOWN;
	/*
	 * START TRANSACTION with autocommit left on: one round trip here and
	 * none after the COMMIT (SET autocommit=0 and =1 were two).  It takes
	 * the session's READ COMMITTED, set once by db_connect.
	 */
	if (mysql_real_query(db->my, "START TRANSACTION", strlen("START TRANSACTION")) == 0)
		return DB_OK;
	*e = mysql_errno(db->my);
	return classify(db, STMT__MAX, *e, mysql_error(db->my));
}

enum db_rc
db_begin(struct db *db)
{
	enum db_rc	 rc;
	unsigned	 e;

	/*
	 * The server restarted since this worker's last request: 2006 means
	 * nothing reached it, so once more on a new connection (else the first
	 * request after a restart answered 503 on every worker).
	 */
	if ((rc = begin_once(db, &e)) == DB_DOWN && e == CR_SERVER_GONE_ERROR)
		rc = begin_once(db, &e);
	if (rc == DB_OK)
		db->in_tx = 1;
	return rc;
}

enum db_rc
db_commit(struct db *db)
{
	enum db_rc rc = DB_OK;

	if (db->my == NULL)
		return DB_DOWN;
	if (mysql_commit(db->my) != 0) {
		rc = classify(db, STMT__MAX, mysql_errno(db->my), mysql_error(db->my));
		if (db->my != NULL)
			mysql_rollback(db->my);
	}
	db->in_tx = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (db->my != NULL)
		mysql_rollback(db->my);
	db->in_tx = 0;
}

/*
 * Galera: the session's reads wait until this node has applied every write
 * set the cluster ordered before them (wsrep_sync_wait = 1), or no longer
 * (0).  For the rare read that must see another node's last commit; on a
 * server without Galera the variable is unknown and nothing is needed.
 */
enum db_rc
db_sync_wait(struct db *db, int on)
{
	const char	*q = on ? "SET SESSION wsrep_sync_wait = 1" : "SET SESSION wsrep_sync_wait = 0";
	unsigned	 e;

	if (db->my == NULL && db_connect(db) != 0)
		return DB_DOWN;
	if (mysql_real_query(db->my, q, strlen(q)) == 0)
		return DB_OK;
	if ((e = mysql_errno(db->my)) == ER_UNKNOWN_SYSTEM_VARIABLE)
		return DB_OK;
	return classify(db, STMT__MAX, e, mysql_error(db->my));
}

void
dbres_free(struct dbres *res)
{
	size_t	 i;

	if (res == NULL)
		return;
	for (i = 0; i < res->nrows * res->ncols; i++) {
		free(res->cells[i]);
		if (res->orig != NULL)
			free(res->orig[i]);
	}
	free(res->orig);
	for (i = 0; res->names != NULL && i < res->ncols; i++)
		free(res->names[i]);
	free(res->names);
	free(res->cells);
	free(res);
}

static long
col_index(const struct dbres *res, const char *col)
{
	size_t	 i;

	for (i = 0; i < res->ncols; i++)
		if (strcmp(res->names[i], col) == 0)
			return (long)i;
	return -1;
}

int
dbres_has(const struct dbres *res, const char *col)
{
	return res != NULL && col_index(res, col) >= 0;
}

const char *
dbres_get(const struct dbres *res, size_t row, const char *col)
{
	long	 c;

	if (res == NULL)
		return NULL;
	if ((c = col_index(res, col)) < 0) {
		klog("db: no column \"%s\" in the result of statement %d (%.60s)", col,
		    (int)res->stmt, stmt_sql[res->stmt]);
		return NULL;
	}
	if (row >= res->nrows)
		return NULL;
	return res->cells[row * res->ncols + (size_t)c];
}

int64_t
dbres_int(const struct dbres *res, size_t row, const char *col)
{
	const char *v = dbres_get(res, row, col);

	return v == NULL ? 0 : strtoll(v, NULL, 10);
}

void
db_set_lang(struct db *db, const char *code)
{
	if (db != NULL)
		snprintf(db->lang, sizeof(db->lang), "%s",
		    code != NULL && strlen(code) == 2 ? code : "");
}

/*
 * Content in three languages (schema/065): a statement selects a text as X
 * (the organiser's own, always there) and its translations as X__en, X__ru,
 * X__kk (NULL where none was given).  Each row's X becomes X__<lang> when
 * that one is given, so every reader of X reads the visitor's language
 * with no second query and no change of its own.
 */
void
dbres_localise_row(struct dbres *res, size_t row, const char *lang)
{
	char	 base[64];
	size_t	 i, n, at;
	long	 b;
	char	*v;

	if (res == NULL || lang == NULL || row >= res->nrows)
		return;
	for (i = 0; i < res->ncols; i++) {
		n = strlen(res->names[i]);
		if (n < 5 || n - 4 >= sizeof(base) || strncmp(res->names[i] + n - 4, "__", 2) != 0 ||
		    strcmp(res->names[i] + n - 2, lang) != 0)
			continue;
		memcpy(base, res->names[i], n - 4);
		base[n - 4] = '\0';
		if ((b = col_index(res, base)) < 0)
			continue;
		at = row * res->ncols + (size_t)b;
		/* the stored text is kept, so a row can be read again in another language */
		if (res->orig == NULL &&
		    (res->orig = calloc(res->nrows * res->ncols, sizeof(char *))) == NULL)
			abort();
		if (res->orig[at] == NULL && res->cells[at] != NULL) {
			res->orig[at] = res->cells[at];
			res->cells[at] = NULL;
		}
		free(res->cells[at]);
		v = res->cells[row * res->ncols + i];
		if (v == NULL || *v == '\0')
			v = res->orig[at];
		res->cells[at] = v != NULL ? xstrdup(v) : NULL;
	}
}

void
dbres_localise(struct dbres *res, const char *lang)
{
	size_t	 r;

	for (r = 0; res != NULL && r < res->nrows; r++)
		dbres_localise_row(res, r, lang);
}

/* Values go in with hdf_set_value under fixed names: never split on data. */
NEOERR *
dbres_row_to_hdf(const struct dbres *res, size_t row, HDF *hdf, const char *prefix)
{
	NEOERR	*err;
	HDF	*node;
	size_t	 i;

	if ((err = hdf_get_node(hdf, prefix, &node)) != STATUS_OK)
		return nerr_pass(err);
	for (i = 0; i < res->ncols; i++) {
		const char *v = res->cells[row * res->ncols + i];

		/* translations (X__ru) were folded into X by dbres_localise */
		if (v == NULL || strstr(res->names[i], "__") != NULL)
			continue;
		if ((err = hdf_set_value(node, res->names[i], v)) != STATUS_OK)
			return nerr_pass(err);
	}
	return STATUS_OK;
}
