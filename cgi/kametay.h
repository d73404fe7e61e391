/*
 * Kametay internal header: the types and functions shared by the worker
 * pool, the job runner and the control tool.  One header on purpose: the
 * modules are small and the program is one unit (cgit's cgit.h, kcgi's
 * extern.h).
 */
#ifndef KAMETAY_H
#define KAMETAY_H

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
#include <jansson.h>

/* ---- util.c ------------------------------------------------------------ */

void	 klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 klog_nerr(const char *what, NEOERR **err);
int	 rand_bytes(void *buf, size_t len);
char	*b64url_encode(const unsigned char *in, size_t len);
int	 b64url_decode(const char *in, size_t inlen, unsigned char **out, size_t *outlen);
void	 hex_encode(const unsigned char *in, size_t len, char *out);
void	 sha256(const void *in, size_t len, unsigned char out[32]);
void	 hmac_sha256(const unsigned char *key, size_t keylen,
	     const void *msg, size_t msglen, unsigned char out[32]);
int	 ct_equal(const void *a, const void *b, size_t len);
char	*random_token(size_t nbytes);
char	*xstrdup(const char *s);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*str_trim(char *s);
void	 str_lower(char *s);
int	 parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
int	 utf8_valid(const char *s, size_t len);
size_t	 utf8_len(const char *s);
int	 email_valid(const char *s);
int	 load_secret(const char *path, unsigned char out[32]);
time_t	 db_time_parse(const char *s);
void	 format_local(time_t t, char *buf, size_t len, const char *fmt);
void	 format_iso_local(time_t t, char *buf, size_t len);
void	 format_money(int64_t minor, char *buf, size_t len);

/* ---- config.c ---------------------------------------------------------- */

/*
 * Reads the defaults (Paths.Data/hdf/defaults.hdf) and then the config
 * file on top.  Returns NULL (and logs) on error; caller owns the HDF.
 */
HDF	*config_load(const char *path);
const char *conf_str(HDF *conf, const char *key, const char *def);
int	 conf_int(HDF *conf, const char *key, int def);

/* ---- db.c -------------------------------------------------------------- */

enum db_rc {
	DB_OK = 0,
	DB_ERR,		/* statement failed: bug or constraint; logged */
	DB_DUP,		/* duplicate key */
	DB_DOWN,	/* server gone; the caller answers 503 */
	DB_RETRY,	/* deadlock or lock wait timeout: try again */
};

/* The one statement table: each has an id here and its SQL in db_sql.c. */
enum stmt {
	STMT_PING,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_NEW,
	STMT_SESSION_DEL,
	STMT_SESSION_DEL_USER,
	STMT_SESSION_DEL_USER_OTHERS,
	STMT_EVENTS_UPCOMING,
	STMT_EVENTS_UPCOMING_COUNT,
	STMT_EVENT_GET,
	STMT_JOB_ADD,
	STMT_JOB_PICK,
	STMT_JOB_LEASE,
	STMT_JOB_DONE,
	STMT_JOB_FAIL,
	STMT_JOB_DEAD,
	STMT_USER_COUNT,
	STMT_USER_ADD_DEMO,
	STMT_VENUE_ADD,
	STMT_SECTION_ADD,
	STMT_SEAT_ADD,
	STMT_EVENT_ADD,
	STMT_EVENT_PRICE_ADD,
	STMT_USER_BY_EMAIL,
	STMT_USER_BY_ID,
	STMT_USER_ADD,
	STMT_USER_UPDATE_PROFILE,
	STMT_USER_SET_PASSWORD,
	STMT_USER_SET_VERIFIED,
	STMT_USER_SET_EMAIL,
	STMT_USER_SET_PENDING_EMAIL,
	STMT_USER_SET_ROLE,
	STMT_USER_SET_BLOCKED,
	STMT_USER_ANONYMISE,
	STMT_USER_SEARCH,
	STMT_ADMIN_COUNT,
	STMT_ROLE_LOG_ADD,
	STMT_ROLE_LOG_LIST,
	STMT_TOKEN_ADD,
	STMT_TOKEN_GET,
	STMT_TOKEN_USE,
	STMT_TOKEN_DEL_USER_KIND,
	STMT_TOKEN_RECENT,
	STMT_LOGIN_FAIL_ADD,
	STMT_LOGIN_FAIL_COUNT_EMAIL,
	STMT_LOGIN_FAIL_COUNT_IP,
	STMT_LOGIN_FAIL_CLEAR,
	STMT_REFRESH_ADD,
	STMT_REFRESH_GET,
	STMT_REFRESH_USE,
	STMT_REFRESH_REVOKE_FAMILY,
	STMT_REFRESH_REVOKE_USER,
	STMT_USER_NEXT_ID,
	STMT_USER_BUMP_EPOCH,
	STMT__MAX
};

struct db;

struct dbres {
	size_t	  ncols;
	size_t	  nrows;
	char	**names;	/* column names */
	char	**cells;	/* nrows * ncols; NULL for SQL NULL */
};

struct db *db_open(HDF *conf);
void	 db_close(struct db *);
int	 db_connected(struct db *);
/*
 * Types: 'i' int64_t, 'u' uint64_t, 's' const char * (NULL is SQL NULL),
 * 'b' (const void *, size_t) binary.  db_query owns nothing on error;
 * on DB_OK *res is the caller's (free with dbres_free).
 */
enum db_rc db_query(struct db *, enum stmt, struct dbres **res, const char *types, ...);
enum db_rc db_exec(struct db *, enum stmt, uint64_t *affected, uint64_t *insert_id,
	     const char *types, ...);
enum db_rc db_begin(struct db *);
enum db_rc db_commit(struct db *);
void	 db_rollback(struct db *);
void	 dbres_free(struct dbres *);
const char *dbres_get(const struct dbres *, size_t row, const char *col);
int64_t	 dbres_int(const struct dbres *, size_t row, const char *col);
/* Copies row `row` into hdf under prefix with column names as keys. */
NEOERR	*dbres_row_to_hdf(const struct dbres *, size_t row, HDF *hdf, const char *prefix);

/* ---- jobs.c ------------------------------------------------------------ */

enum job_kind { JOB_MAIL, JOB__MAX };
extern const char *const job_kind_names[JOB__MAX];

/* Queues a job; the payload is copied.  Runs inside the caller's transaction. */
enum db_rc job_add(struct db *, enum job_kind, json_t *payload, int delay_seconds);

/* ---- mail.c ------------------------------------------------------------ */

struct mail_part {
	const char *filename;	/* attachment name or NULL for inline body */
	const char *ctype;
	const unsigned char *data;
	size_t len;
};

/*
 * Builds a multipart/alternative (text + HTML) RFC 5322 message, adding
 * attachments with multipart/mixed around it.  Caller frees.
 */
char	*mail_build(const char *from, const char *to, const char *subject,
	     const char *text, const char *html,
	     const struct mail_part *att, size_t natt, const char *msgid_domain);
/* Queues a mail job with the given rendered message. */
enum db_rc mail_queue(struct db *, const char *to, const char *message);
/* Sends one message over SMTP with libcurl; 0 on success, else logs. */
int	 mail_send(HDF *conf, const char *to, const char *message, char *errbuf, size_t errlen);

/* ---- password.c -------------------------------------------------------- */

char	*password_hash(const char *pw);
int	 password_verify(const char *pw, const char *hash);

/* ---- jwt.c ------------------------------------------------------------- */

char	*jwt_sign(const unsigned char *key, size_t keylen, json_t *claims);
json_t	*jwt_verify(const unsigned char *key, size_t keylen, const char *tok,
	     time_t now, const char **why);

/* ---- http layer -------------------------------------------------------- */

enum method { M_GET, M_HEAD, M_POST, M_PUT, M_DELETE, M_PATCH, M_OPTIONS, M__MAX };
extern const char *const method_names[M__MAX];
int	 method_parse(const char *);

enum lang { LANG_EN, LANG_RU, LANG_KK, LANG__MAX };
extern const char *const lang_codes[LANG__MAX];
int	 lang_parse(const char *code);
/* Picks a language from an Accept-Language header value; -1 if none fits. */
int	 lang_from_accept(const char *header);

enum role { ROLE_ATTENDEE, ROLE_ORGANISER, ROLE_ADMIN, ROLE__MAX };
extern const char *const role_names[ROLE__MAX];
int	 role_parse(const char *);

/* Route flags. */
#define R_API		0x01	/* errors are JSON */
#define R_USER		0x02	/* needs a signed-in user */
#define R_VERIFIED	0x04	/* ... with a verified email */
#define R_ORGANISER	0x08
#define R_ADMIN		0x10
#define R_NOCSRF	0x20	/* POST without form CSRF token (API, bearer auth) */
#define R_BODY_JSON	0x40	/* body is parsed as JSON into req->jin */

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
extern const struct route routes[];
extern const size_t nroutes;

/* Templates: one enum, one file name each (render.c). */
enum tpl {
	TPL_NONE,
	TPL_HOME,
	TPL_EVENT,
	TPL_ERROR,
	TPL_REGISTER,
	TPL_LOGIN,
	TPL_FORGOT,
	TPL_RESET,
	TPL_ACCOUNT,
	TPL_VERIFY,
	TPL_ADMIN_USERS,
	TPL__MAX
};

struct user {
	int64_t	 id;
	enum role role;
	int	 verified;
	int	 blocked;
	char	*email;
	char	*first_name;
	char	*lang;
};

/* Long-lived, one per worker process. */
struct app {
	HDF		*conf;
	HDF		*site[LANG__MAX];	/* conf + Lang tree, the templates' global HDF */
	struct tplcache	*tpl;
	struct db	*db;
	unsigned char	 secret[32];
	unsigned char	 jwt_key[32];		/* HMAC(secret, "jwt"): tokens and forms never share a key */
	size_t		 body_max;
};

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
const char *req_form(struct req *, const char *name);
const char *req_query(struct req *, const char *name);
const char *req_cookie_get(struct req *, const char *name);
const char *req_lang_str(struct req *, const char *key);
/* A request header by its CGI name (HTTP_AUTHORIZATION); caller frees. */
char	*req_env(struct req *, const char *name);
int64_t	 req_param_id(struct req *, size_t i);
/* Validates a redirect target: a local absolute path, else "/". */
const char *safe_next(const char *next);

/* render.c */
struct tplcache *tplcache_load(const char *dir);
void	 tplcache_free(struct tplcache *);
extern const char *const tpl_files[TPL__MAX];
/* Renders a template with `hdf` over the site HDF of `lang`; caller frees *out. */
NEOERR	*render_template(struct app *, enum lang, HDF *hdf, const char *file, STRING *out);
int	 app_load_site(struct app *);
const char *site_str(struct app *, enum lang, const char *key);

/* session.c */
void	 session_load(struct req *);
int	 session_start(struct req *, int64_t user_id);
void	 session_end(struct req *);
int	 csrf_check(struct req *);
void	 user_clear(struct user *);

/* app.c */
int	 app_init(struct app *, HDF *conf);
void	 app_free(struct app *);

/* ---- handlers ---------------------------------------------------------- */

void	 h_healthz(struct req *);
void	 h_home(struct req *);
void	 h_event(struct req *);
void	 h_lang(struct req *);
void	 h_api_events(struct req *);
void	 h_api_event(struct req *);
void	 h_register_form(struct req *);
void	 h_register(struct req *);
void	 h_api_register(struct req *);
void	 h_verify(struct req *);
void	 h_resend_verification(struct req *);
void	 h_login_form(struct req *);
void	 h_login(struct req *);
void	 h_logout(struct req *);
void	 h_forgot_form(struct req *);
void	 h_forgot(struct req *);
void	 h_reset_form(struct req *);
void	 h_reset(struct req *);
void	 h_api_login(struct req *);
void	 h_api_refresh(struct req *);
void	 h_api_me(struct req *);
void	 h_account_form(struct req *);
void	 h_account(struct req *);
void	 h_account_password(struct req *);
void	 h_account_delete(struct req *);
void	 h_admin_users(struct req *);
void	 h_admin_role(struct req *);
void	 h_admin_block(struct req *);
void	 h_admin_unblock(struct req *);

/* auth.c: validation shared by pages and the API */
#define FERR_MAX 8
struct ferrs {
	struct { const char *field, *code; } v[FERR_MAX];
	size_t n;
};
const char *req_field(struct req *, const char *name);
void	 ferr_add(struct ferrs *, const char *field, const char *code);
void	 ferr_answer(struct req *, const struct ferrs *, enum tpl);
void	 form_keep(struct req *, const char *const *names);
char	*valid_text(struct req *, struct ferrs *, const char *name, size_t max, int required);
char	*valid_email(struct req *, struct ferrs *, const char *name);
int	 valid_age(struct req *, struct ferrs *, const char *name);
const char *valid_password(struct req *, struct ferrs *, const char *name, const char *email);
char	*token_new(struct req *, int64_t user_id, const char *kind, const char *data,
	     int minutes, enum db_rc *rc);
enum db_rc account_mail(struct req *, const char *tpl, const char *subject_key,
	     const char *to, const char *name, const char *lang, const char *path,
	     const char *tok);
enum db_rc user_logout_everywhere(struct db *, int64_t uid, int64_t keep_session);
int	 bearer_load(struct req *);

/* events.c helpers shared with the API */
json_t	*event_json(struct app *, const struct dbres *, size_t row);

/* mail.c, needs the app for templates */
enum db_rc mail_compose_queue(struct app *, enum lang, HDF *hdf, const char *base,
	     const char *subject_key, const char *to);

#endif
