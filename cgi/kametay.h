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
char	*like_contains(const char *text);
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
	STMT_USER_SET_LANG,
	/* organiser.c */
	STMT_ORG_EVENTS,
	STMT_ORG_EVENT,
	STMT_EVENT_ACCESS,
	STMT_ORG_EVENT_ADD,
	STMT_ORG_EVENT_UPDATE,
	STMT_ORG_EVENT_LOCK,
	STMT_EVENT_SET_IMAGE,
	STMT_EVENT_PUBLISH,
	STMT_EVENT_PRICES,
	STMT_EVENT_PRICES_DEL,
	STMT_VENUE_OVERLAP,
	STMT_VENUE_FOR_EVENT,
	STMT_VENUE_CATEGORIES,
	STMT_VENUES_USABLE,
	STMT_EVENT_CANCEL,
	STMT_EVENT_HOLDERS,
	STMT_EVENT_VOID_TICKETS,
	STMT_EVENT_SEATED_SOLD,
	STMT_STAFF_LIST,
	STMT_STAFF_ADD,
	STMT_STAFF_DEL,
	STMT_CLIENTS,
	STMT_CLIENT_GET,
	STMT_CLIENT_ADD,
	STMT_CLIENT_UPDATE,
	STMT_CLIENT_EVENTS,
	STMT_EVENT_COMPLETE,
	STMT_REPORT_STATS,
	STMT_REPORT_SAVE,
	STMT_REPORT_GET,
	STMT_ADMIN_EVENTS,
	STMT_TOP_EVENTS,
	STMT_NEAR_CAPACITY_DUE,
	STMT_NEAR_CAPACITY_MARK,
	STMT_EVENT_ORGANISERS,
	STMT_VENUES_PUBLIC,
	/* tickets.c */
	STMT_TK_EVENT,
	STMT_TK_RELEASE_EXPIRED,
	STMT_TK_HELD_DOWN,
	STMT_TK_HOLD_GA_RESERVE,
	STMT_TK_HOLD_GA_ADD,
	STMT_TK_HOLD_SEAT,
	STMT_TK_SEAT_CHECK,
	STMT_TK_CART_HOLDS,
	STMT_TK_CART_DROP,
	STMT_TK_BUYER_ROW,
	STMT_TK_BUYER_ADD,
	STMT_TK_ORDER_FIND,
	STMT_TK_ORDER_ADD,
	STMT_TK_ORDER_ANSWER,
	STMT_TK_TICKET_ADD,
	STMT_TK_SELL,
	STMT_TK_SEATS,
	STMT_TK_MY_TICKETS,
	STMT_TK_TICKET_GET,
	STMT_TK_TICKET_CANCEL,
	STMT_TK_UNSELL,
	STMT_TK_BUYER_SUB,
	STMT_TK_SEAT_SWAP,
	STMT_TK_SWEEP,
	STMT_TK_CART_CLEAR,
	STMT_WL_JOIN,
	STMT_WL_NEXT,
	STMT_WL_OFFER,
	STMT_WL_GET,
	STMT_WL_CLAIM_HOLDS,
	STMT_WL_DONE,
	STMT_WL_EXPIRED,
	STMT_WL_EXPIRE,
	STMT_TK_HOLD_SEAT_FOR,
	STMT_TK_ORDER_GET,
	STMT_TK_GUEST_HAS,
	STMT_TK_GUEST_TICKETS,
	STMT_TK_CHECKIN,
	STMT_WL_MINE,
	/* venues.c */
	STMT_VENUE_LIST,
	STMT_VENUE_GET,
	STMT_VENUE_LOCK,
	STMT_VENUE_NEW,
	STMT_VENUE_UPDATE,
	STMT_VENUE_SYNC_CAPACITY,
	STMT_VENUE_SEATS,
	STMT_VENUE_TICKETS,
	STMT_VENUE_SEATS_DEL,
	STMT_VENUE_SECTIONS_DEL,
	STMT_VENUE_SECTIONS_PRUNE,
	STMT_VENUE_SECTIONS,
	STMT_SEAT_GET,
	STMT_SEAT_FIND,
	STMT_SEAT_UPDATE,
	STMT_SEAT_DEL,
	STMT_VENUE_HOLDS,
	/* calendar.c, gcal.c, notify.c */
	STMT_CAL_EVENT,
	STMT_CAL_TICKET,
	STMT_CAL_ORDER,
	STMT_CAL_FEED,
	STMT_CAL_FEED_USER,
	STMT_CAL_FEED_SET,
	STMT_CAL_ACCOUNT,
	STMT_CAL_EVENT_BUMP,
	STMT_CAL_TICKET_BUMP,
	STMT_CAL_REMINDERS_SET,
	STMT_CAL_OPTOUT_ADD,
	STMT_CAL_OPTOUT_DEL,
	STMT_REMIND_DUE,
	STMT_REMIND_CLAIM,
	STMT_GCAL_LINK,
	STMT_GCAL_CONNECT,
	STMT_GCAL_TOKEN,
	STMT_GCAL_REVOKE,
	STMT_GCAL_DISCONNECT,
	STMT_GCAL_FORGET,
	STMT_GCAL_EVENT_GET,
	STMT_GCAL_EVENT_SET,
	STMT_GCAL_QUEUE_ORDER,
	STMT_GCAL_QUEUE_TICKET,
	STMT_GCAL_QUEUE_EVENT,
	STMT_GCAL_QUEUE_USER,
	STMT_CAL_FORGET,
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
void	 dbres_free(struct dbres *);
const char *dbres_get(const struct dbres *, size_t row, const char *col);
int64_t	 dbres_int(const struct dbres *, size_t row, const char *col);
/* Copies row `row` into hdf under prefix with column names as keys. */
NEOERR	*dbres_row_to_hdf(const struct dbres *, size_t row, HDF *hdf, const char *prefix);

/* ---- jobs.c ------------------------------------------------------------ */

/* gcal_sync is also written by SQL (STMT_GCAL_QUEUE_*): keep the names in step */
enum job_kind { JOB_MAIL, JOB_GCAL_SYNC, JOB__MAX };
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
#define R_UPLOAD	0x80	/* may carry a file: Limits.UploadBytes instead of BodyBytes */

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
	TPL_ORG_EVENTS,
	TPL_ORG_EVENT,
	TPL_ORG_CANCEL,
	TPL_ORG_REPORT,
	TPL_CLIENTS,
	TPL_CLIENT,
	TPL_ADMIN_EVENTS,
	TPL_SEATS,
	TPL_CART,
	TPL_ORDER,
	TPL_TICKET,
	TPL_MY_TICKETS,
	TPL_CHANGE_SEAT,
	TPL_FIND_TICKETS,
	TPL_CHECKIN,
	TPL_VENUES,
	TPL_VENUE,
	TPL_VENUE_SEAT,
	TPL_REMINDERS,
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
	size_t		 upload_max;
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
	char		*cart;		/* the cart token (cookie), once asked for */
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

void	 h_org_events(struct req *);
void	 h_org_event_new(struct req *);
void	 h_org_event_create(struct req *);
void	 h_org_event(struct req *);
void	 h_org_event_update(struct req *);
void	 h_org_event_publish(struct req *);
void	 h_org_event_cancel_form(struct req *);
void	 h_org_event_cancel(struct req *);
void	 h_org_staff_add(struct req *);
void	 h_org_staff_remove(struct req *);
void	 h_org_report(struct req *);
void	 h_org_report_save(struct req *);
void	 h_api_event_create(struct req *);
void	 h_api_event_cancel(struct req *);
void	 h_clients(struct req *);
void	 h_client_create(struct req *);
void	 h_client(struct req *);
void	 h_client_update(struct req *);
void	 h_admin_events(struct req *);

/* organiser.c */
enum eaccess { EA_NONE, EA_DOOR, EA_MANAGE };
int	 event_access(struct req *, int64_t id, enum eaccess *out);
int	 parse_money(const char *s, int64_t *out);
int	 parse_local_datetime(const char *date, const char *hm, char *out, size_t len,
	     time_t *t);
int	 parse_iso8601(const char *s, char *out, size_t len, time_t *t);

/* venues.c */
void	 h_venues(struct req *);
void	 h_venue_create(struct req *);
void	 h_venue(struct req *);
void	 h_venue_update(struct req *);
void	 h_venue_generate(struct req *);
void	 h_venue_import(struct req *);
void	 h_venue_plan_csv(struct req *);
void	 h_venue_seat_find(struct req *);
void	 h_venue_seat(struct req *);
void	 h_venue_seat_update(struct req *);
void	 h_venue_seat_delete(struct req *);
void	 h_api_venues(struct req *);
/*
 * One venue the signed-in user may manage (its owner, or an admin), with
 * FOR UPDATE when `lock` (inside a transaction).  NULL after answering
 * 404 (also for another organiser's venue) or 503; caller frees.
 */
struct dbres *venue_load(struct req *, int64_t id, int lock);

/* ---- hallplan.c: hall plans without a database ------------------------- */

#define HP_MAX_SEATS		5000
#define HP_MAX_SECTIONS		64	/* in a CSV file; the generator makes HP_GEN_SECTIONS */
#define HP_GEN_SECTIONS		8
#define HP_MAX_ROWS		100	/* per generated section */
#define HP_MAX_PER_ROW		200	/* seats per generated row */
#define HP_MAX_RANGES		8	/* category ranges per generated section */
#define HP_LINE_MAX		1024	/* bytes in one CSV line */
#define HP_COORD_MAX		100000
#define HP_SECTION_CHARS	100	/* code points, as the columns allow */
#define HP_LABEL_CHARS		10
#define HP_CATEGORY_CHARS	20
#define HP_PALETTE		10

/* Problems, named for Lang.Venue.Csv.<name> by hp_err_names. */
enum hp_err {
	HP_OK,
	HP_ERR_EMPTY, HP_ERR_HEADER, HP_ERR_LINE_LONG, HP_ERR_ENCODING, HP_ERR_QUOTE,
	HP_ERR_FIELDS,
	/* EMPTY, LONG, INVALID stay in this order for each column */
	HP_ERR_SECTION_EMPTY, HP_ERR_SECTION_LONG, HP_ERR_SECTION_INVALID,
	HP_ERR_ROW_EMPTY, HP_ERR_ROW_LONG, HP_ERR_ROW_INVALID,
	HP_ERR_SEAT_EMPTY, HP_ERR_SEAT_LONG, HP_ERR_SEAT_INVALID,
	HP_ERR_X, HP_ERR_Y,
	HP_ERR_CATEGORY_EMPTY, HP_ERR_CATEGORY_LONG, HP_ERR_CATEGORY_INVALID,
	HP_ERR_DUPLICATE, HP_ERR_TOO_MANY_SEATS, HP_ERR_TOO_MANY_SECTIONS, HP_ERR_NO_SEATS,
	/* the generator's */
	HP_ERR_SECTION_DUP, HP_ERR_ROWS, HP_ERR_PER_ROW, HP_ERR_RANGES, HP_ERR_CURVE,
	HP_ERR_AISLE,
	HP_ERR__MAX
};
extern const char *const hp_err_names[HP_ERR__MAX];

struct hp_error {
	enum hp_err	 code;
	size_t		 line;		/* 1-based; 0 for the file as a whole */
	size_t		 other_line;	/* HP_ERR_DUPLICATE: the line it repeats */
};

struct hp_section {
	char	*name;
	size_t	 line;		/* CSV line of its first seat, or 0 */
};

struct hp_seat {
	int64_t	 id;		/* database id; 0 for a seat not stored yet */
	size_t	 section;	/* index into hallplan.sections */
	char	 row[HP_LABEL_CHARS * 4 + 1];
	char	 seat[HP_LABEL_CHARS * 4 + 1];
	char	 category[HP_CATEGORY_CHARS * 4 + 1];
	int	 x, y;
	size_t	 line;		/* CSV line, or 0 */
};

struct hallplan {
	struct hp_section *sections;
	size_t		 nsections;
	struct hp_seat	*seats;
	size_t		 nseats, cap;
};

struct hp_gen_range {
	int	 from, to;	/* rows, 1-based, inclusive */
	char	 category[HP_CATEGORY_CHARS * 4 + 1];
};

struct hp_gen_section {
	char	 name[HP_SECTION_CHARS * 4 + 1];
	int	 rows, per_row;
	char	 category[HP_CATEGORY_CHARS * 4 + 1];	/* of every row no range names */
	struct hp_gen_range ranges[HP_MAX_RANGES];
	size_t	 nranges;
};

struct hp_gen {
	struct hp_gen_section sections[HP_GEN_SECTIONS];
	size_t	 nsections;
	int	 curve;		/* 0..100: how far the ends of a row come forward */
	int	 aisle_every;	/* an aisle after every K seats; 0 for none */
	int	 letters;	/* rows A, B, ... instead of 1, 2, ... */
};

struct hp_colour {
	const char *fill, *text;
};
extern const struct hp_colour hp_palette[HP_PALETTE];

struct hp_svg_opts {
	const char *title;	/* the drawing's accessible name */
	const char *stage;	/* the word on the stage marker */
	const char *row, *seat;	/* words for a seat's tooltip */
	const char *link;	/* seat links: this + the seat's id; NULL for none */
	int64_t	 current;	/* the id of a seat to mark as the one in hand, or 0 */
};

enum hp_field { HP_FIELD_OK, HP_FIELD_EMPTY, HP_FIELD_LONG, HP_FIELD_INVALID };

void	 hp_init(struct hallplan *);
void	 hp_free(struct hallplan *);
long	 hp_section(struct hallplan *, const char *name, size_t line);
int	 hp_seat_add(struct hallplan *, size_t section, const char *row, const char *seat,
	     int x, int y, const char *category, int64_t id, size_t line);
enum hp_field hp_text_check(const char *s, size_t maxchars, int category);
void	 hp_row_letters(int n, char *buf, size_t len);
enum hp_err hp_ranges_parse(const char *spec, struct hp_gen_section *);
enum hp_err hp_gen_check(const struct hp_gen *, long *which);
enum hp_err hp_generate(const struct hp_gen *, struct hallplan *);
enum hp_err hp_csv_parse(const char *text, size_t len, struct hallplan *, struct hp_error *);
char	*hp_csv_emit(const struct hallplan *, size_t *len);
size_t	 hp_categories(const struct hallplan *, const char **names, size_t *counts, size_t max);
char	*hp_svg(const struct hallplan *, const struct hp_svg_opts *);

void	 h_seats_page(struct req *);
void	 h_hold(struct req *);
void	 h_cart(struct req *);
void	 h_cart_release(struct req *);
void	 h_cart_checkout(struct req *);
void	 h_order_done(struct req *);
void	 h_my_tickets(struct req *);
void	 h_ticket_page(struct req *);
void	 h_ticket_cancel(struct req *);
void	 h_change_seat_page(struct req *);
void	 h_change_seat(struct req *);
void	 h_find_tickets_form(struct req *);
void	 h_find_tickets(struct req *);
void	 h_guest_link(struct req *);
void	 h_guest_tickets(struct req *);
void	 h_checkin_page(struct req *);
void	 h_checkin(struct req *);
void	 h_api_purchase(struct req *);
void	 h_api_seats(struct req *);
void	 h_api_ticket_cancel(struct req *);
void	 h_api_ticket_change_seat(struct req *);
void	 h_api_my_tickets(struct req *);

/* tickets.c */
char	*ticket_code_new(void);
void	 ticket_code_group(const char *code, char *out, size_t len);
int	 ticket_code_norm(const char *in, char out[25]);
enum db_rc holds_release_expired(struct db *, int64_t event_id);
enum db_rc cart_release(struct db *, const char *cart, int64_t event_id);
void	 holds_sweep(struct db *);
int	 ticket_cancel(struct req *, const char *code);
struct dbres *sale_event(struct req *, int64_t id);
int	 cart_hold(struct req *, struct dbres *ev, const char *cart, const int64_t *seats,
	     size_t n, int64_t qty, int *status, const char **err);
int	 cart_checkout(struct req *, struct dbres *ev, const char *cart, const char *email,
	     const char *name, const char *phone, const char *idem, const char *card,
	     json_t **answer, int *status, const char **err);
/* shop.c */
const char *cart_token(struct req *);
char	*guest_sign_app(struct app *, const char *email, time_t until);
char	*guest_email(struct req *);
void	 shop_event_fill(struct req *, int64_t event_id);
int	 ticket_change_seat(struct req *, const char *code, int64_t seat);
/* A ticket the visitor may see (*who: 2 holder, 1 staff); NULL after answering 404/503. */
struct dbres *page_ticket(struct req *, int *who);

/* waitlist.c: offers the freed place to the first in line (in the caller's tx) */
enum db_rc waitlist_offer_next(struct app *, int64_t event_id, int64_t seat_id);
void	 waitlist_sweep(struct app *);
void	 h_waitlist_join(struct req *);
void	 h_waitlist_claim(struct req *);

/* qr.c */
char	*qr_svg(const char *text);
unsigned char *qr_png(const char *text, size_t *len);

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
char	*valid_long_text(struct req *, struct ferrs *, const char *name, size_t max,
	     int required);
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
enum db_rc mail_compose_queue_att(struct app *, enum lang, HDF *hdf, const char *base,
	     const char *subject_key, const char *to, const struct mail_part *att, size_t natt);

/* ---- calendar.c, gcal.c, notify.c: calendars and notifications ------------ */

struct ics_ev {
	char	 uid[160];
	time_t	 stamp, start;
	int64_t	 minutes;
	const char *summary, *location, *description, *url;
	int64_t	 seq;
	int	 cancelled;
};
void	 ics_prop(STRING *, const char *name, const char *value, int text);
void	 ics_open(STRING *, const char *calname);
void	 ics_vevent(STRING *, const struct ics_ev *);
void	 ics_close(STRING *);
/* Pieces of a STMT_CAL_TICKET row (also for mails and Google); callers free. */
char	*cal_location(const struct dbres *, size_t row);
char	*cal_seat(struct app *, enum lang, const struct dbres *, size_t row);
char	*cal_ticket_text(struct app *, enum lang, const struct dbres *, size_t row);
int	 cal_ticket_off(const struct dbres *, size_t row);
/* The .ics of a ticket or of an order's tickets, for mails; NULL if none. */
char	*cal_ics_ticket(struct app *, enum lang, int64_t ticket_id, size_t *len);
char	*cal_ics_order(struct app *, enum lang, int64_t order_id, size_t *len);
void	 cal_event_links(struct req *, const struct dbres *ev);
void	 cal_ticket_links(struct req *, const struct dbres *t);
void	 cal_account_fill(struct req *);
/* In the caller's transaction: SEQUENCE up and Google sync queued. */
enum db_rc cal_ticket_changed(struct app *, int64_t ticket_id);
enum db_rc cal_event_changed(struct app *, int64_t event_id);
enum db_rc cal_order_bought(struct app *, int64_t order_id);
/* A deleted account: no feed, no Google tokens (in the caller's transaction). */
enum db_rc cal_user_forget(struct app *, int64_t uid);
void	 h_event_ics(struct req *);
void	 h_ticket_ics(struct req *);
void	 h_calendar_feed(struct req *);
void	 h_account_calendar(struct req *);

void	 h_gcal_connect(struct req *);
void	 h_gcal_callback(struct req *);
void	 h_gcal_disconnect(struct req *);
/* The gcal_sync job: 0 done, -1 try again later (err says why). */
int	 gcal_job(struct app *, json_t *payload, char *err, size_t errlen);

enum ticket_change { TC_CANCELLED, TC_SEAT };
/* In the caller's transaction: calendar bump, Google sync, the holder's mail. */
enum db_rc notify_ticket(struct app *, int64_t ticket_id, enum ticket_change);
void	 reminders_sweep(struct app *);
void	 h_reminders_off(struct req *);
void	 h_reminders_on(struct req *);
void	 h_account_reminders(struct req *);

#endif
