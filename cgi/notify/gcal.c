/*
 * Google Calendar: the calls of the OAuth 2.0 authorization-code flow
 * that connects a user's calendar (its pages are pages/gcal_pages.c), and
 * the job that keeps one ticket's Google event in step with the ticket.
 *
 * Only the token exchange of the callback runs inside a page request (it
 * is the user's own action, and they wait for it); every Calendar API call
 * is a `gcal_sync` job in the job runner, so Google being slow or down
 * never holds a page and a failure is retried with back-off.
 *
 * A sync job carries only the ticket's id and makes Google match the
 * ticket as it is when the job runs (live or gone), so jobs that run late,
 * twice or out of order still end right.  The Google event's id is derived
 * from the ticket code, so an insert whose answer was lost and is retried
 * meets "409 already exists" and becomes an update: never a second event.
 *
 * Config: Google.ClientId, Google.ClientSecret, Google.AuthURL,
 * Google.TokenURL, Google.APIBase (see README "Calendar and notifications").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"

#define GCAL_SCOPE	"https://www.googleapis.com/auth/calendar.events"

/* ---- HTTP -------------------------------------------------------------- */

static size_t
collect(char *p, size_t size, size_t n, void *ctx)
{
	str_putn((STRING *)ctx, p, (int)(size * n));
	return size * n;
}

/*
 * One HTTPS call.  Returns the HTTP status, or -1 when there was no
 * answer (err says why).  The body goes to *out (caller clears it).
 */
static long
http_call(const char *method, const char *url, const char *bearer, const char *ctype,
    const char *body, STRING *out, char *err, size_t errlen)
{
	CURL			*c;
	CURLcode		 rc;
	struct curl_slist	*h = NULL;
	char			 ebuf[CURL_ERROR_SIZE] = "", *auth = NULL, *ct = NULL;
	long			 status = -1;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	if (bearer != NULL) {
		auth = xasprintf("Authorization: Bearer %s", bearer);
		h = curl_slist_append(h, auth);
	}
	if (ctype != NULL) {
		ct = xasprintf("Content-Type: %s", ctype);
		h = curl_slist_append(h, ct);
	}
	h = curl_slist_append(h, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Kametay");
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s %s: %s", method, url, ebuf[0] ? ebuf : curl_easy_strerror(rc));
	else
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(auth);
	free(ct);
	return status;
}

/* application/x-www-form-urlencoded "k=v&..." from a NULL-ended list of pairs. */
static char *
form_body(CURL *c, const char *const *kv)
{
	STRING	 s;
	size_t	 i;

	string_init(&s);
	for (i = 0; kv[i] != NULL; i += 2) {
		char *v = curl_easy_escape(c, kv[i + 1] ? kv[i + 1] : "", 0);

		str_putf(&s, "%s%s=%s", i ? "&" : "", kv[i], v ? v : "");
		curl_free(v);
	}
	return s.buf ? s.buf : xstrdup("");
}

/*
 * A call to Google.TokenURL with these form fields.  0 with *tok (the
 * parsed answer, caller's) on 200; 1 when Google says the grant is gone
 * (invalid_grant); -1 on anything else (worth a retry, or an operator's
 * look at the log).
 */
static int
token_call(HDF *conf, const char *const *kv, json_t **tok, char *err, size_t errlen)
{
	CURL		*c = curl_easy_init();
	STRING		 out;
	char		*body;
	long		 st;
	json_error_t	 je;
	const char	*e;
	int		 gone;

	*tok = NULL;
	if (c == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	body = form_body(c, kv);
	curl_easy_cleanup(c);
	string_init(&out);
	st = http_call("POST", conf_str(conf, "Google.TokenURL", "https://oauth2.googleapis.com/token"),
	    NULL, "application/x-www-form-urlencoded", body, &out, err, errlen);
	free(body);
	if (st < 0) {
		string_clear(&out);
		return -1;
	}
	*tok = json_loads(out.buf ? out.buf : "", 0, &je);
	string_clear(&out);
	if (st == 200 && *tok != NULL && json_is_string(json_object_get(*tok, "access_token")))
		return 0;
	e = *tok ? json_string_value(json_object_get(*tok, "error")) : NULL;
	snprintf(err, errlen, "token endpoint: HTTP %ld %s", st, e ? e : "");
	/* only the user's grant is gone; a wrong client id or secret is ours to fix */
	gone = st == 400 && e != NULL && strcmp(e, "invalid_grant") == 0;
	if (*tok != NULL) {
		json_decref(*tok);
		*tok = NULL;
	}
	return gone ? 1 : -1;
}

/* ---- connecting -------------------------------------------------------- */

static char *
redirect_uri(struct app *app)
{
	return xasprintf("%s/account/google/callback", conf_str(app->conf, "Site.BaseURL", ""));
}

/*
 * The address of Google's consent page for this (signed) state; NULL
 * when curl cannot start.  Caller frees.
 */
char *
gcal_auth_url(struct app *app, const char *state)
{
	const char	*id = conf_str(app->conf, "Google.ClientId", "");
	char		*redir, *url, *body;
	const char	*kv[] = { "response_type", "code", "client_id", id,
	    "redirect_uri", NULL, "scope", GCAL_SCOPE, "access_type", "offline",
	    "prompt", "consent", "include_granted_scopes", "true", "state", NULL, NULL };
	CURL		*c;

	if ((c = curl_easy_init()) == NULL)
		return NULL;
	redir = redirect_uri(app);
	kv[5] = redir;
	kv[15] = state;
	body = form_body(c, kv);
	curl_easy_cleanup(c);
	url = xasprintf("%s%c%s", conf_str(app->conf, "Google.AuthURL",
	    "https://accounts.google.com/o/oauth2/v2/auth"),
	    strchr(conf_str(app->conf, "Google.AuthURL", ""), '?') ? '&' : '?', body);
	free(body);
	free(redir);
	return url;
}

/*
 * The callback's exchange of the authorization code for tokens at
 * Google.TokenURL: 0 with *tok (caller's, json_decref), else 1 or -1 as
 * token_call, err saying why.
 */
int
gcal_code_exchange(struct app *app, const char *code, json_t **tok, char *err, size_t errlen)
{
	char	*redir = redirect_uri(app);
	const char *kv[] = { "grant_type", "authorization_code", "code", code,
	    "client_id", conf_str(app->conf, "Google.ClientId", ""), "client_secret",
	    conf_str(app->conf, "Google.ClientSecret", ""), "redirect_uri", redir, NULL };
	int	 t;

	t = token_call(app->conf, kv, tok, err, errlen);
	free(redir);
	return t;
}

/*
 * Stores a user's tokens from gcal_code_exchange and queues every current
 * ticket of theirs for sync, in a transaction of its own (rolled back on
 * failure).
 */
enum db_rc
gcal_connect(struct app *app, int64_t uid, json_t *tok)
{
	enum db_rc rc;

	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_CONNECT, NULL, NULL, "isis", uid,
		    json_string_value(json_object_get(tok, "access_token")),
		    (int64_t)(json_integer_value(json_object_get(tok, "expires_in")) > 0 ?
		    json_integer_value(json_object_get(tok, "expires_in")) : 3600),
		    json_string_value(json_object_get(tok, "refresh_token")));
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_QUEUE_USER, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK)
		db_rollback(app->db);
	return rc;
}

/*
 * Forgets a user's tokens and which events were made (the events stay in
 * their calendar, theirs to keep), in a transaction of its own.
 */
enum db_rc
gcal_disconnect(struct app *app, int64_t uid)
{
	enum db_rc rc;

	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_DISCONNECT, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_FORGET, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK)
		db_rollback(app->db);
	return rc;
}

/* ---- the sync job ------------------------------------------------------ */

struct gjob {
	HDF		*conf;
	struct db	*db;
	int64_t		 uid;
	char		*access;	/* current access token */
	char		*err;
	size_t		 errlen;
	int		 revoked;	/* the grant is gone: stop, don't retry */
};

/* A fresh access token from the refresh token.  0, 1 (revoked) or -1. */
static int
refresh(struct gjob *g, const char *refresh_token)
{
	json_t		*tok = NULL;
	const char	*kv[] = { "grant_type", "refresh_token", "refresh_token", refresh_token,
	    "client_id", conf_str(g->conf, "Google.ClientId", ""), "client_secret",
	    conf_str(g->conf, "Google.ClientSecret", ""), NULL };
	int		 t;
	json_int_t	 ttl;

	if (refresh_token == NULL) {
		snprintf(g->err, g->errlen, "no refresh token");
		return 1;
	}
	if ((t = token_call(g->conf, kv, &tok, g->err, g->errlen)) != 0)
		return t;
	ttl = json_integer_value(json_object_get(tok, "expires_in"));
	free(g->access);
	g->access = xstrdup(json_string_value(json_object_get(tok, "access_token")));
	if (db_exec(g->db, STMT_GCAL_TOKEN, NULL, NULL, "sisi", g->access,
	    (int64_t)(ttl > 0 ? ttl : 3600), json_string_value(json_object_get(tok, "refresh_token")),
	    g->uid) != DB_OK)
		klog("gcal: user %lld: new access token not stored", (long long)g->uid);
	json_decref(tok);
	return 0;
}

static void
mark_revoked(struct gjob *g)
{
	klog("gcal: user %lld: the grant is revoked (%s)", (long long)g->uid, g->err);
	(void)db_exec(g->db, STMT_GCAL_REVOKE, NULL, NULL, "si", g->err, g->uid);
	g->revoked = 1;
}

/*
 * One Calendar API call with the user's token; on 401 the token is
 * refreshed once and the call repeated.  Returns the status or -1.
 */
static long
api(struct gjob *g, const char *refresh_token, const char *method, const char *url,
    const char *body, STRING *out)
{
	long	 st;
	int	 t;

	st = http_call(method, url, g->access, body ? "application/json" : NULL, body, out,
	    g->err, g->errlen);
	if (st != 401)
		return st;
	string_clear(out);
	if ((t = refresh(g, refresh_token)) != 0) {
		if (t == 1)
			mark_revoked(g);
		return -1;
	}
	st = http_call(method, url, g->access, body ? "application/json" : NULL, body, out,
	    g->err, g->errlen);
	if (st == 401) {
		snprintf(g->err, g->errlen, "Calendar API: 401 with a fresh token");
		mark_revoked(g);
		return -1;
	}
	return st;
}

/*
 * The Google event id for a ticket: base32hex (Google's alphabet for ids)
 * of a hash of the site and the code, so it is the same on every try and
 * tells nothing about the code itself.
 */
static void
google_id(HDF *conf, const char *code, char out[53])
{
	static const char b32hex[] = "0123456789abcdefghijklmnopqrstuv";
	unsigned char	 h[32];
	char		*msg = xasprintf("kametay-gcal:%s:%s", conf_str(conf, "Site.BaseURL", ""), code);
	size_t		 i, bit;

	sha256(msg, strlen(msg), h);
	free(msg);
	/* 52 characters carry 260 bits; the last takes zero padding */
	for (i = 0; i < 52; i++) {
		unsigned v = 0;

		for (bit = 0; bit < 5; bit++) {
			size_t k = i * 5 + bit;

			v = (v << 1) | (k < 256 ? (h[k / 8] >> (7 - k % 8)) & 1u : 0);
		}
		out[i] = b32hex[v];
	}
	out[52] = '\0';
}

/* The Calendar API event for a CAL_TICKET row; caller frees. */
static char *
event_body(struct app *app, const struct dbres *t, const char *gid)
{
	int	 l = lang_parse(dbres_get(t, 0, "lang"));
	enum lang lang = l < 0 ? LANG_EN : (enum lang)l;
	time_t	 start = db_time_parse(dbres_get(t, 0, "starts_at"));
	time_t	 end = start + (time_t)dbres_int(t, 0, "duration_minutes") * 60;
	char	 a[32], b[32], *loc = cal_location(t, 0), *desc = cal_ticket_text(app, lang, t, 0);
	char	*url = xasprintf("%s/tickets/%s", conf_str(app->conf, "Site.BaseURL", ""),
	    dbres_get(t, 0, "code"));
	char	*js;
	struct tm tm;
	json_t	*o;

	gmtime_r(&start, &tm);
	strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&end, &tm);
	strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}}",
	    "id", gid, "status", "confirmed",
	    "summary", dbres_get(t, 0, "event_name"),
	    "location", loc, "description", desc,
	    "start", "dateTime", a, "timeZone", conf_str(app->conf, "Site.TimeZone", "UTC"),
	    "end", "dateTime", b, "timeZone", conf_str(app->conf, "Site.TimeZone", "UTC"),
	    "source", "title", conf_str(app->conf, "Site.Name", "Kametay"), "url", url);
	js = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	free(loc);
	free(desc);
	free(url);
	return js;
}

static int
ok2xx(long st)
{
	return st >= 200 && st < 300;
}

/* The answer when Google's record and ours disagree after a success. */
static int
record_lost(struct gjob *g)
{
	snprintf(g->err, g->errlen, "database: the event is in Google, the record is not");
	return -1;
}

/*
 * A ticket that is off: its Google event goes (unless we deleted it
 * already).  0 done, -1 try again (g->err says why).
 */
static int
sync_delete(struct gjob *g, const char *rt, int64_t tid, const struct dbres *ge,
    const char *gid, int64_t seq, const char *base)
{
	STRING	 out;
	char	*url;
	long	 st;
	int	 ret = -1;

	if (ge->nrows == 1 && strcmp(dbres_get(ge, 0, "state"), "deleted") == 0)
		return 0;
	string_init(&out);
	url = xasprintf("%s/calendars/primary/events/%s", base, gid);
	st = api(g, rt, "DELETE", url, NULL, &out);
	/* gone already (410, or never made: 404) is what we want too */
	if (ok2xx(st) || st == 404 || st == 410) {
		if (db_exec(g->db, STMT_GCAL_EVENT_SET, NULL, NULL, "iissi", tid, g->uid, gid,
		    "deleted", seq) != DB_OK) {
			ret = record_lost(g);
			goto out;
		}
		klog("gcal: ticket %lld removed from user %lld's calendar", (long long)tid,
		    (long long)g->uid);
		ret = 0;
	} else if (g->revoked)
		ret = 0;
	else if (st >= 0)
		snprintf(g->err, g->errlen, "DELETE event: HTTP %ld", st);
out:
	string_clear(&out);
	free(url);
	return ret;
}

/*
 * A live ticket: its Google event made or updated to this SEQUENCE.  An
 * update of an event Google lost becomes an insert, an insert Google has
 * already (a try before us whose answer was lost) an update.  0 done, -1
 * try again.
 */
static int
sync_upsert(struct app *app, struct gjob *g, const char *rt, int64_t tid,
    const struct dbres *t, const struct dbres *ge, const char *gid, int64_t seq,
    const char *base)
{
	STRING		 out;
	char		*url = NULL, *body;
	long		 st;
	int		 ret = -1;

	if (ge->nrows == 1 && strcmp(dbres_get(ge, 0, "state"), "live") == 0 &&
	    dbres_int(ge, 0, "synced_seq") == seq)
		return 0;	/* Google has this version already */
	if ((body = event_body(app, t, gid)) == NULL) {
		snprintf(g->err, g->errlen, "event JSON");
		return -1;
	}
	string_init(&out);
	if (ge->nrows == 1) {
		/* made before: update (also brings back an event we had deleted) */
		url = xasprintf("%s/calendars/primary/events/%s", base, gid);
		st = api(g, rt, "PUT", url, body, &out);
		if (st == 404) {
			string_clear(&out);
			free(url);
			url = xasprintf("%s/calendars/primary/events", base);
			st = api(g, rt, "POST", url, body, &out);
		}
	} else {
		url = xasprintf("%s/calendars/primary/events", base);
		st = api(g, rt, "POST", url, body, &out);
		if (st == 409) {
			string_clear(&out);
			free(url);
			url = xasprintf("%s/calendars/primary/events/%s", base, gid);
			st = api(g, rt, "PUT", url, body, &out);
		}
	}
	if (ok2xx(st)) {
		json_error_t	 je;
		json_t		*ans = json_loads(out.buf ? out.buf : "", 0, &je);
		const char	*got = ans ? json_string_value(json_object_get(ans, "id")) : NULL;
		enum db_rc	 rc;

		/* keep the id Google answered with (ours, unless Google changed it) */
		rc = db_exec(g->db, STMT_GCAL_EVENT_SET, NULL, NULL, "iissi", tid, g->uid,
		    got ? got : gid, "live", seq);
		json_decref(ans);
		if (rc != DB_OK) {
			ret = record_lost(g);
			goto out;
		}
		klog("gcal: ticket %lld is in user %lld's calendar (sequence %lld)",
		    (long long)tid, (long long)g->uid, (long long)seq);
		ret = 0;
	} else if (g->revoked)
		ret = 0;
	else if (st >= 0)
		snprintf(g->err, g->errlen, "%s event: HTTP %ld", ge->nrows ? "PUT" : "POST", st);
out:
	string_clear(&out);
	free(body);
	free(url);
	return ret;
}

/*
 * The job: make the user's Google Calendar match ticket `payload.ticket`.
 * 0 when done (also when there is nothing to do or the grant is revoked),
 * -1 with err set when it should be tried again (no answer, 5xx, 429 ...).
 */
int
gcal_job(struct app *app, json_t *payload, char *err, size_t errlen)
{
	struct gjob	 g;
	struct dbres	*t = NULL, *link = NULL, *ge = NULL;
	char		 gid[53];
	const char	*base = conf_str(app->conf, "Google.APIBase",
	    "https://www.googleapis.com/calendar/v3"), *rt;
	json_int_t	 tid = json_integer_value(json_object_get(payload, "ticket"));
	int		 ret = -1, r;
	int64_t		 seq;

	memset(&g, 0, sizeof(g));
	g.conf = app->conf;
	g.db = app->db;
	g.err = err;
	g.errlen = errlen;
	if (*conf_str(app->conf, "Google.ClientId", "") == '\0') {
		ret = 0;	/* switched off since the job was queued */
		goto out;
	}
	if (db_query(app->db, STMT_CAL_TICKET, &t, "i", (int64_t)tid) != DB_OK) {
		snprintf(err, errlen, "database");
		goto out;
	}
	if (t->nrows == 0 || dbres_get(t, 0, "user_id") == NULL) {
		ret = 0;
		goto out;
	}
	g.uid = dbres_int(t, 0, "user_id");
	if (db_query(app->db, STMT_GCAL_LINK, &link, "i", g.uid) != DB_OK ||
	    db_query(app->db, STMT_GCAL_EVENT_GET, &ge, "i", (int64_t)tid) != DB_OK) {
		snprintf(err, errlen, "database");
		goto out;
	}
	if (link->nrows == 0 || strcmp(dbres_get(link, 0, "status"), "connected") != 0) {
		ret = 0;	/* not connected (any more): nothing to do */
		goto out;
	}
	rt = dbres_get(link, 0, "refresh_token");
	if (dbres_get(link, 0, "access_token") != NULL && dbres_int(link, 0, "fresh"))
		g.access = xstrdup(dbres_get(link, 0, "access_token"));
	else if ((r = refresh(&g, rt)) != 0) {
		if (r == 1) {
			mark_revoked(&g);
			ret = 0;
		}
		goto out;
	}
	google_id(app->conf, dbres_get(t, 0, "code"), gid);
	seq = dbres_int(t, 0, "seq");
	if (cal_ticket_off(t, 0))
		ret = sync_delete(&g, rt, (int64_t)tid, ge, gid, seq, base);
	else
		ret = sync_upsert(app, &g, rt, (int64_t)tid, t, ge, gid, seq, base);
out:
	free(g.access);
	dbres_free(t);
	dbres_free(link);
	dbres_free(ge);
	return ret;
}
