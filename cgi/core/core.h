/*
 * The request core (core/http.c, request.c, router.c, session.c, bearer.c,
 * pool.c; forms.c is core/forms.h): a FastCGI request in, one answer out.
 * It knows no page: main hands it the route table (pages/routes.c) through
 * struct app.
 */
#ifndef KT_CORE_H
#define KT_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/render.h"

/* ---- http layer -------------------------------------------------------- */

enum method { M_GET, M_HEAD, M_POST, M_PUT, M_DELETE, M_PATCH, M_OPTIONS, M__MAX };
extern const char *const method_names[M__MAX];
int	 method_parse(const char *);

/* Route flags. */
#define R_API		0x01	/* errors are JSON */
#define R_USER		0x02	/* needs a signed-in user */
#define R_VERIFIED	0x04	/* ... with a verified email */
#define R_ORGANISER	0x08
#define R_ADMIN		0x10
#define R_NOCSRF	0x20	/* POST without form CSRF token (API, bearer auth) */
#define R_BODY_JSON	0x40	/* body is parsed as JSON into req->jin */
#define R_UPLOAD	0x80	/* may carry a file: Limits.UploadBytes instead of BodyBytes */
#define R_PAGECACHE	0x100	/* public page: kept rendered for anonymous visitors (core/pagecache.c) */
#define R_BODY_RAW	0x200	/* body kept as bytes in req->body, unparsed (signed webhooks) */

struct req;
typedef void (*handler_fn)(struct req *);

struct route {
	enum method	 method;
	const char	*pattern;	/* "/events/{id}" — {x} matches one segment */
	handler_fn	 fn;
	unsigned	 flags;
	const char	*name;		/* Page.Name for the templates */
};

#define ROUTE_MAXPARAMS 4
/*
 * Matches method + path against the table.  Returns the index, or -1 for
 * no path match (404) or -2 when the path matched only other methods (405;
 * *allow gets a bit per method).  params point into `scratch`, which the
 * caller owns and makes at least strlen(path) + 1 bytes.
 */
int	 route_match(const struct route *tbl, size_t n, int method, const char *path,
	     char *scratch, char *params[ROUTE_MAXPARAMS], size_t *nparams,
	     unsigned *allow);


struct header {
	char *name;
	char *value;
};

/* One request; everything in it is freed by req_free. */
struct req {
	struct app	*app;
	const struct http_io *io;
	CGI		*cgi;
	HDF		*hdf;		/* cgi->hdf: CGI.*, Query.*, Cookie.*, page data */
	int		 method;
	char		*path;
	char		*scratch;	/* holds the params' text */
	char		*params[ROUTE_MAXPARAMS];
	size_t		 nparams;
	const struct route *route;
	enum lang	 lang;
	int		 url_lang;	/* the language came from the URL's ?lang= */
	struct user	 user;		/* user.id == 0 when anonymous */
	int64_t		 session_id;
	char		*csrf;		/* form token for this visitor */
	char		*csrf_cookie;	/* set when the visitor had none */
	char		*remote_addr;
	json_t		*jin;		/* parsed JSON body (R_BODY_JSON) */
	char		*body;		/* raw body for JSON routes */
	size_t		 bodylen;

	/* the answer */
	int		 status;
	enum tpl	 tpl;
	json_t		*jout;
	char		*redirect;
	char		*raw;		/* raw body with raw_type */
	size_t		 rawlen;
	const char	*raw_type;
	struct header	*headers;
	size_t		 nheaders;
	char		*flash;		/* flash key to set for the next page */
	char		*cart;		/* the cart token (cookie), once asked for */
	char		*pc_key;	/* set when the answer may come from / go to the page cache */
	unsigned long	 pc_gen;	/* the cache's generation before the handler read anything */
	size_t		 pc_nheaders;	/* headers before the handler: one that adds any is not kept */
};

/* I/O the request core needs; the worker provides FastCGI, tests a buffer. */
struct http_io {
	void	*ctx;
	char	*(*getenv)(void *ctx, const char *name);	/* malloc'd or NULL */
	int	 (*iterenv)(void *ctx, int n, char **k, char **v);
	int	 (*read)(void *ctx, char *buf, int len);
	int	 (*write)(void *ctx, const char *buf, int len);
};

void	 http_handle(struct app *, const struct http_io *);
void	 req_header(struct req *, const char *name, const char *value);
void	 req_cookie(struct req *, const char *name, const char *value, int max_age);
void	 req_redirect(struct req *, const char *location);
void	 req_flash(struct req *, const char *key);
/* Sets an error answer: HTML error page or JSON {error, message}. */
void	 req_error(struct req *, int status, const char *code);
void	 req_json(struct req *, int status, json_t *body);
/* JSON {error: code, message: Lang.Err.<code>} with status, page or API alike. */
void	 req_api_error(struct req *, int status, const char *code);
const char *req_form(struct req *, const char *name);
const char *req_query(struct req *, const char *name);
const char *req_cookie_get(struct req *, const char *name);
const char *req_lang_str(struct req *, const char *key);
/* The string with "{name}" replaced by value (once); caller frees. */
char	*req_lang_fill(struct req *, const char *key, const char *name, const char *value);
char	*req_lang_fill_int(struct req *, const char *key, const char *name, long long value);
/* A request header by its CGI name (HTTP_AUTHORIZATION); caller frees. */
char	*req_env(struct req *, const char *name);
int64_t	 req_param_id(struct req *, size_t i);
/* Validates a redirect target: a local absolute path, else "/". */
const char *safe_next(const char *next);


/* session.c */
void	 session_load(struct req *);
int	 session_start(struct req *, int64_t user_id);
void	 session_end(struct req *);
int	 csrf_check(struct req *);
void	 user_clear(struct user *);
/*
 * The one mapping from results to statuses: DOM_NOT_FOUND 404, DOM_CONFLICT
 * 409, DOM_INVALID/LIMIT/DECLINED 422, DOM_THROTTLED 429, DOM_BUSY/DOWN 503,
 * DOM_FORBIDDEN 403, DOM_ERR 500; the reason (or NULL) is the error code.
 */
int	 dom_status(enum dom_rc);
void	 req_fail(struct req *, enum dom_rc, const char *reason);
/*
 * A failed database call answered through the same mapping (dom_from_db): 503
 * when the server is gone or a lock could not be won, else 500.
 */
void	 req_db_error(struct req *, enum db_rc);
/* ... and its status alone, for callers that answer later (session_start). */
int	 db_error_status(enum db_rc);

/* core/bearer.c: Authorization: Bearer <access> on API routes. */
int	 bearer_load(struct req *);

/* core/pool.c: the pre-forked FastCGI pool; main() of kametay-fcgi. */
int	 pool_main(int argc, char **argv, const struct route *tbl, size_t ntbl);

#endif
