/*
 * The request's small helpers (core/core.h req_*): reading fields, cookies
 * and headers, and setting the answer — headers, cookies, redirects, JSON,
 * error pages, and the one mapping from domain results to statuses.
 * Handlers, the session and the bearer check call these; they call nothing
 * of the request core back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"

const char *
req_form(struct req *r, const char *name)
{
	HDF	*q = hdf_get_obj(r->hdf, "Query");
	HDF	*n;

	if (q == NULL || (n = hdf_get_obj(q, name)) == NULL)
		return NULL;
	/* a repeated field becomes a list; take the first, never a node name */
	if (hdf_obj_child(n) != NULL)
		n = hdf_obj_child(n);
	return hdf_obj_value(n);
}

const char *
req_query(struct req *r, const char *name)
{
	return req_form(r, name);
}

const char *
req_cookie_get(struct req *r, const char *name)
{
	HDF *c = hdf_get_obj(r->hdf, "Cookie");

	return c == NULL ? NULL : hdf_get_value(c, name, NULL);
}

char *
req_env(struct req *r, const char *name)
{
	return r->io->getenv(r->io->ctx, name);
}

const char *
req_lang_str(struct req *r, const char *key)
{
	const char *v = site_str(r->app, r->lang, key);

	return v != NULL ? v : "";
}

/*
 * A language string with "{name}" replaced by `value` (once).  Done here
 * rather than with printf so a translation can put the number anywhere
 * and no string from a file is ever a format.  Caller frees.
 */
char *
req_lang_fill(struct req *r, const char *key, const char *name, const char *value)
{
	const char	*s = req_lang_str(r, key), *at;
	char		*mark, *out;

	mark = xasprintf("{%s}", name);
	if ((at = strstr(s, mark)) == NULL)
		out = xstrdup(s);
	else
		out = xasprintf("%.*s%s%s", (int)(at - s), s, value, at + strlen(mark));
	free(mark);
	return out;
}

char *
req_lang_fill_int(struct req *r, const char *key, const char *name, long long value)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", value);
	return req_lang_fill(r, key, name, buf);
}

int64_t
req_param_id(struct req *r, size_t i)
{
	int64_t	 v;

	if (i >= r->nparams || parse_int64(r->params[i], 1, INT64_MAX, &v) != 0)
		return 0;
	return v;
}

void
req_header(struct req *r, const char *name, const char *value)
{
	struct header *h;

	h = realloc(r->headers, (r->nheaders + 1) * sizeof(*h));
	if (h == NULL)
		abort();
	r->headers = h;
	h[r->nheaders].name = xstrdup(name);
	h[r->nheaders].value = xstrdup(value);
	r->nheaders++;
}

static int
is_https(struct req *r)
{
	const char *h = hdf_get_value(r->hdf, "CGI.HTTPS", NULL);

	return (h != NULL && strcasecmp(h, "on") == 0) ||
	    strncmp(conf_str(r->app->conf, "Site.BaseURL", ""), "https:", 6) == 0;
}

/* Every cookie we set: HttpOnly, SameSite=Lax, Secure behind https. */
void
req_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	char	*v;

	if (max_age >= 0)
		v = xasprintf("%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
		    name, value, max_age, is_https(r) ? "; Secure" : "");
	else
		v = xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
		    name, value, is_https(r) ? "; Secure" : "");
	req_header(r, "Set-Cookie", v);
	free(v);
}

/* Only a local absolute path may be a redirect target ("//x" is not local). */
const char *
safe_next(const char *next)
{
	const char *p;

	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (p = next; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return "/";
	return next;
}

void
req_redirect(struct req *r, const char *location)
{
	free(r->redirect);
	r->redirect = xstrdup(location);
	r->status = r->method == M_POST ? 303 : 302;
}

void
req_flash(struct req *r, const char *key)
{
	free(r->flash);
	r->flash = xstrdup(key);
}

void
req_json(struct req *r, int status, json_t *body)
{
	if (r->jout != NULL)
		json_decref(r->jout);
	r->jout = body;
	r->status = status;
}

/*
 * A JSON error with its own code; the message is that code's Lang.Err
 * string, or the status's text when it has none (never an empty message).
 */
void
req_api_error(struct req *r, int status, const char *code)
{
	char		 key[64];
	const char	*text;

	/* Lang.ApiErr words a code for a client where the page's words would not fit */
	snprintf(key, sizeof(key), "Lang.ApiErr.%s", code);
	if ((text = site_str(r->app, r->lang, key)) == NULL || *text == '\0') {
		snprintf(key, sizeof(key), "Lang.Err.%s", code);
		text = site_str(r->app, r->lang, key);
	}
	if (text == NULL || *text == '\0') {
		snprintf(key, sizeof(key), "Lang.Error.E%d.Text", status);
		text = req_lang_str(r, key);
	}
	req_json(r, status, json_pack("{s:s, s:s}", "error", code, "message", text));
}

/*
 * The error answer for status: JSON {error, message} on API routes, the
 * error page otherwise.  `code` names a Lang.Err string that explains more
 * than the status does, or NULL.
 */
void
req_error(struct req *r, int status, const char *code)
{
	char		 key[64];
	const char	*title, *text = NULL;

	snprintf(key, sizeof(key), "Lang.Error.E%d.Title", status);
	title = req_lang_str(r, key);
	if (code != NULL) {
		snprintf(key, sizeof(key), "Lang.Err.%s", code);
		text = site_str(r->app, r->lang, key);
	}
	if (text == NULL) {
		snprintf(key, sizeof(key), "Lang.Error.E%d.Text", status);
		text = req_lang_str(r, key);
	}
	r->status = status;
	if (r->route == NULL ? strncmp(r->path ? r->path : "", "/api/", 5) == 0 :
	    (r->route->flags & R_API) != 0) {
		const char *api = NULL;

		if (code != NULL) {
			snprintf(key, sizeof(key), "Lang.ApiErr.%s", code);
			if ((api = site_str(r->app, r->lang, key)) != NULL && *api != '\0')
				text = api;
		}
		if (code == NULL) {
			switch (status) {
			case 400: code = "bad_request"; break;
			case 401: code = "unauthorized"; break;
			case 403: code = "forbidden"; break;
			case 404: code = "not_found"; break;
			case 405: code = "method_not_allowed"; break;
			case 409: code = "conflict"; break;
			case 413: code = "too_large"; break;
			case 415: code = "unsupported_media_type"; break;
			case 422: code = "invalid"; break;
			case 429: code = "throttled"; break;
			case 503: code = "unavailable"; break;
			default: code = "server_error"; break;
			}
		}
		req_json(r, status, json_pack("{s:s, s:s}", "error", code, "message", text));
		return;
	}
	hdf_put_int(r->hdf, "Error.Status", status);
	hdf_put(r->hdf, "Error.Title", title);
	hdf_put(r->hdf, "Error.Text", text);
	hdf_put(r->hdf, "Page.Title", title);
	r->tpl = TPL_ERROR;
}

int
dom_status(enum dom_rc rc)
{
	switch (rc) {
	case DOM_OK:
		return 200;
	case DOM_INVALID:
	case DOM_LIMIT:
	case DOM_DECLINED:
		return 422;
	case DOM_NOT_FOUND:
		return 404;
	case DOM_FORBIDDEN:
		return 403;
	case DOM_CONFLICT:
		return 409;
	case DOM_THROTTLED:
		return 429;
	case DOM_BUSY:
	case DOM_DOWN:
		return 503;
	case DOM_ERR:
		break;
	}
	return 500;
}

void
req_fail(struct req *r, enum dom_rc rc, const char *reason)
{
	req_error(r, dom_status(rc), reason);
}

int
db_error_status(enum db_rc rc)
{
	return dom_status(dom_from_db(rc));
}

void
req_db_error(struct req *r, enum db_rc rc)
{
	req_fail(r, dom_from_db(rc), NULL);
}
