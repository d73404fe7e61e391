/*
 * The request core: parse (ClearSilver's cgi kit over our I/O callbacks),
 * route, check size / session / CSRF / role, call the handler, render the
 * answer, free everything.  A handler only sees a validated request and
 * only fills data; everything about HTTP framing happens here.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/multipart.h"
#include "core/pagecache.h"
#include "db/db.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"

static const struct http_io *cur_io;	/* for the cgiwrap callbacks */

static const char *
status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

/* ---- cgiwrap callbacks: ClearSilver reads the request through these ---- */

static int
cw_read(void *ctx, char *buf, int len)
{
	(void)ctx;
	return cur_io->read(cur_io->ctx, buf, len);
}

static int
cw_writef(void *ctx, const char *fmt, va_list ap)
{
	(void)ctx;
	(void)fmt;
	(void)ap;
	return 0;	/* we never let ClearSilver write the answer */
}

static int
cw_write(void *ctx, const char *buf, int len)
{
	(void)ctx;
	(void)buf;
	return len;
}

static char *
cw_getenv(void *ctx, const char *name)
{
	(void)ctx;
	return cur_io->getenv(cur_io->ctx, name);
}

static int
cw_putenv(void *ctx, const char *k, const char *v)
{
	(void)ctx;
	(void)k;
	(void)v;
	return 0;
}

static int
cw_iterenv(void *ctx, int n, char **k, char **v)
{
	(void)ctx;
	return cur_io->iterenv(cur_io->ctx, n, k, v);
}

/* ---- answer ------------------------------------------------------------ */

static void
out_str(const char *s)
{
	cur_io->write(cur_io->ctx, s, (int)strlen(s));
}

static void
out_header(const char *name, const char *value)
{
	out_str(name);
	out_str(": ");
	out_str(value);
	out_str("\r\n");
}

/* The same security headers whatever server is in front (nginx, Apache). */
static void
out_common_headers(struct req *r)
{
	size_t	 i;

	out_header("Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	    "object-src 'none'; base-uri 'self'; form-action 'self'; "
	    "frame-ancestors 'none'");
	out_header("X-Content-Type-Options", "nosniff");
	out_header("X-Frame-Options", "DENY");
	out_header("Referrer-Policy", "strict-origin-when-cross-origin");
	for (i = 0; i < r->nheaders; i++)
		out_header(r->headers[i].name, r->headers[i].value);
}

static void
send_answer(struct req *r, const char *ctype, const char *body, size_t len)
{
	char	 buf[64];

	snprintf(buf, sizeof(buf), "%d %s", r->status, status_text(r->status));
	out_header("Status", buf);
	if (ctype != NULL)
		out_header("Content-Type", ctype);
	if (!hdf_get_value(r->hdf, "Page.Cacheable", NULL))
		out_header("Cache-Control", "no-store");
	snprintf(buf, sizeof(buf), "%zu", len);
	out_header("Content-Length", buf);
	out_common_headers(r);
	out_str("\r\n");
	if (r->method != M_HEAD && len > 0)
		cur_io->write(cur_io->ctx, body, (int)len);
}

/*
 * The page in each language (issue 13): Page.Alt.N.Code and .Href (the
 * path and query with lang=N's code in place of any lang=) for the switch,
 * Page.AltDefault (no lang=) for x-default, and Page.AltBase
 * (Site.BaseURL) with Page.Indexable on public GET pages, whose head then
 * links them with hreflang so each language can be shared and indexed.
 */
static void
fill_alternates(struct req *r)
{
	char		*qs = req_env(r, "QUERY_STRING"), key[40], *href;
	const char	*p, *next;
	STRING		 rest;
	size_t		 i, n;

	string_init(&rest);
	for (p = qs; p != NULL && *p != '\0'; p = next) {
		next = strchr(p, '&');
		n = next != NULL ? (size_t)(next - p) : strlen(p);
		if (next != NULL)
			next++;
		if (n == 0 || strncmp(p, "lang=", 5) == 0 || (n == 4 && strncmp(p, "lang", 4) == 0))
			continue;
		if (rest.len > 0)
			str_put(&rest, "&");
		str_putn(&rest, p, (int)n);
	}
	free(qs);
	href = xasprintf("%s%s%s", r->path, rest.len ? "?" : "", rest.len ? rest.buf : "");
	hdf_put(r->hdf, "Page.AltDefault", href);
	free(href);
	for (i = 0; i < LANG__MAX; i++) {
		href = xasprintf("%s?%s%slang=%s", r->path, rest.len ? rest.buf : "",
		    rest.len ? "&" : "", lang_codes[i]);
		snprintf(key, sizeof(key), "Page.Alt.%zu.Code", i);
		hdf_put(r->hdf, key, lang_codes[i]);
		snprintf(key, sizeof(key), "Page.Alt.%zu.Href", i);
		hdf_put(r->hdf, key, href);
		free(href);
	}
	string_clear(&rest);
	if (r->route != NULL && (r->method == M_GET || r->method == M_HEAD) &&
	    r->status == 200 &&
	    !(r->route->flags & (R_API | R_USER | R_VERIFIED | R_ORGANISER | R_ADMIN))) {
		hdf_put(r->hdf, "Page.Indexable", "1");
		hdf_put(r->hdf, "Page.AltBase", conf_str(r->app->conf, "Site.BaseURL", ""));
	}
}

/* Fills the data every page's layout uses. */
static void
fill_page(struct req *r)
{
	const char	*flash;
	char		 key[80];
	size_t		 i;

	hdf_put(r->hdf, "Page.Lang", lang_codes[r->lang]);
	hdf_put(r->hdf, "Page.Path", r->path);
	fill_alternates(r);
	if (r->route != NULL && r->route->name != NULL)
		hdf_put(r->hdf, "Page.Name", r->route->name);
	if (r->csrf != NULL)
		hdf_put(r->hdf, "Csrf", r->pc_key != NULL ? pagecache_marker(r->app->pages) :
		    r->csrf);
	if (r->user.id != 0) {
		hdf_put_int(r->hdf, "User.Id", (int)r->user.id);
		hdf_put(r->hdf, "User.FirstName", r->user.first_name);
		hdf_put(r->hdf, "User.Role", role_names[r->user.role]);
		hdf_put_int(r->hdf, "User.Verified", r->user.verified);
	}
	/* flash: a message key from a cookie, shown once, only if we know it */
	if ((flash = req_cookie_get(r, "flash")) != NULL) {
		for (i = 0; flash[i] != '\0' && i < 40; i++)
			if (!(islower((unsigned char)flash[i]) || flash[i] == '_'))
				break;
		if (flash[i] == '\0') {
			const char *text;

			snprintf(key, sizeof(key), "Lang.Flash.%s", flash);
			if ((text = site_str(r->app, r->lang, key)) != NULL) {
				hdf_put(r->hdf, "Flash.Text", text);
				hdf_put(r->hdf, "Flash.Kind", "success");
			}
		}
		if (r->flash == NULL)
			req_cookie(r, "flash", "", 0);
	}
}

static void
respond(struct req *r)
{
	STRING	 out;
	NEOERR	*err;
	char	*js;

	/* a page for everyone, as the handler left it: rendered with the marker and kept */
	if (r->pc_key != NULL && (r->status != 200 || r->nheaders != r->pc_nheaders ||
	    r->user.id != 0 || r->flash != NULL || hdf_get_value(r->hdf, "Page.Cacheable", NULL))) {
		free(r->pc_key);
		r->pc_key = NULL;
	}
	if (r->flash != NULL)
		req_cookie(r, "flash", r->flash, 60);
	if (r->csrf_cookie != NULL)
		req_cookie(r, "csrf", r->csrf_cookie, 60 * 60 * 24 * 365);

	if (r->redirect != NULL) {
		req_header(r, "Location", r->redirect);
		send_answer(r, NULL, "", 0);
		return;
	}
	if (r->jout != NULL) {
		js = json_dumps(r->jout, JSON_COMPACT | JSON_ENSURE_ASCII);
		if (js == NULL) {
			r->status = 500;
			send_answer(r, "application/json",
			    "{\"error\":\"server_error\",\"message\":\"\"}", 36);
			return;
		}
		send_answer(r, "application/json", js, strlen(js));
		free(js);
		return;
	}
	if (r->raw != NULL) {
		send_answer(r, r->raw_type, r->raw, r->rawlen);
		return;
	}
	if (r->tpl == TPL_NONE) {
		klog("%s %s: handler gave no answer", method_names[r->method], r->path);
		req_error(r, 500, NULL);
		if (r->jout != NULL) {
			respond(r);
			return;
		}
	}
	fill_page(r);
	string_init(&out);
	err = render_template(r->app, r->lang, r->hdf, tpl_files[r->tpl], &out);
	if (err != STATUS_OK) {
		klog_nerr(tpl_files[r->tpl], &err);
		r->status = 500;
		send_answer(r, "text/plain; charset=utf-8",
		    "500 Internal Server Error\n", 26);
	} else if (r->pc_key != NULL) {
		char *page = pagecache_put(r->app->pages, r->pc_key, r->pc_gen,
		    out.buf ? out.buf : "", (size_t)out.len, r->csrf);

		send_answer(r, "text/html; charset=utf-8", page, (size_t)out.len);
		free(page);
	} else
		send_answer(r, "text/html; charset=utf-8", out.buf ? out.buf : "",
		    (size_t)out.len);
	string_clear(&out);
}

/* ---- request ----------------------------------------------------------- */

static void
req_free(struct req *r)
{
	size_t	 i;

	for (i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	user_clear(&r->user);
	free(r->path);
	free(r->scratch);
	free(r->csrf);
	free(r->csrf_cookie);
	free(r->remote_addr);
	free(r->body);
	free(r->redirect);
	free(r->raw);
	free(r->flash);
	free(r->cart);
	free(r->pc_key);
	if (r->jin != NULL)
		json_decref(r->jin);
	if (r->jout != NULL)
		json_decref(r->jout);
	if (r->cgi != NULL)
		cgi_destroy(&r->cgi);	/* also frees r->hdf */
	else
		hdf_destroy(&r->hdf);
}

/* The path as nginx normalised it; else PATH_INFO or REQUEST_URI. */
static char *
request_path(const struct http_io *io)
{
	char	*p, *q;

	if ((p = io->getenv(io->ctx, "DOCUMENT_URI")) != NULL && p[0] == '/')
		return p;
	free(p);
	if ((p = io->getenv(io->ctx, "PATH_INFO")) != NULL && p[0] == '/')
		return p;
	free(p);
	if ((p = io->getenv(io->ctx, "REQUEST_URI")) != NULL) {
		if ((q = strchr(p, '?')) != NULL)
			*q = '\0';
		cgi_url_unescape(p);
		return p;
	}
	return xstrdup("/");
}

/*
 * ClearSilver 0.10.5's multipart parser caches the boundary's length in a
 * static keyed by the boundary's (freed) pointer: in a persistent worker a
 * body whose boundary differs in length from an earlier one's could fail
 * (403 when the csrf part was lost), and one without a boundary crashed it.
 * So multipart bodies go to core/multipart.c instead (request_multipart),
 * and must come with a boundary in the one plain form browsers and curl
 * send; anything else is 400.  Other content types pass to cgi_parse.
 */
static int
multipart_ok(const char *ctype)
{
	static const char prefix[] = "multipart/form-data; boundary=";
	size_t	 n;

	/* the test cgi_parse makes, to the letter */
	if (ctype == NULL || strncmp(ctype, "multipart/form-data", 19) != 0)
		return 1;
	if (strncasecmp(ctype, prefix, sizeof(prefix) - 1) != 0)
		return 0;
	ctype += sizeof(prefix) - 1;
	/* RFC 2046 bchars without the space: never a ';', a space or a quote */
	n = strspn(ctype, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "'()+_,-./:=?");
	return n >= 1 && n <= 70 && ctype[n] == '\0';
}

/* The body, exactly CONTENT_LENGTH bytes (at most max) into r->body; 0 or an HTTP status. */
static int
read_body(struct req *r, size_t max)
{
	const char	*lenstr = hdf_get_value(r->hdf, "CGI.ContentLength", "0");
	int64_t		 len;
	size_t		 got = 0;
	int		 n;

	if (parse_int64(lenstr, 0, (int64_t)max, &len) != 0)
		return 413;
	if ((r->body = malloc((size_t)len + 1)) == NULL)
		return 500;
	while (got < (size_t)len) {
		if ((n = cur_io->read(cur_io->ctx, r->body + got, (int)((size_t)len - got))) <= 0)
			return 400;
		got += (size_t)n;
	}
	r->body[got] = '\0';
	r->bodylen = got;
	return 0;
}

/*
 * One part into the request's HDF as ClearSilver's cgi_parse put it, so
 * req_form() and cgi_filehandle() read it the same way: a field is
 * Query.<name> (trailing white space dropped; a repeated name becomes a
 * list), a file is Query.<name> = its file name with .Type and .FileHandle,
 * its bytes in an unlinked temporary file in Paths.UploadTmp that
 * cgi_destroy closes.  0, 500 (no temporary file) or 400 (a NUL in a field).
 */
static int
multipart_part(void *arg, const struct mp_part *pt)
{
	struct req	*r = arg;
	HDF		*obj, *child;
	NEOERR		*err;
	FILE		*fp = NULL;
	char		*key = xasprintf("Query.%s", pt->name), *sub = NULL, *v = NULL, *path = NULL;
	size_t		 n = pt->len;
	int		 fd, i, ret = 500;

	if (pt->filename != NULL) {
		path = xasprintf("%s/kt-upload.XXXXXX",
		    conf_str(r->app->conf, "Paths.UploadTmp", "/tmp"));
		if ((fd = mkstemp(path)) < 0) {
			klog("upload: cannot make a temporary file %s", path);
			goto out;
		}
		(void)unlink(path);
		if ((fp = fdopen(fd, "w+b")) == NULL) {
			close(fd);
			goto out;
		}
		if ((n > 0 && fwrite(pt->data, 1, n, fp) != n) || fflush(fp) != 0 ||
		    fseek(fp, 0, SEEK_SET) != 0) {
			klog("upload: cannot write the temporary file");
			fclose(fp);
			goto out;
		}
		if (r->cgi->files == NULL && (err = uListInit(&r->cgi->files, 10, 0)) != STATUS_OK) {
			klog_nerr("upload list", &err);
			fclose(fp);
			goto out;
		}
		if ((err = uListAppend(r->cgi->files, fp)) != STATUS_OK) {
			klog_nerr("upload list", &err);
			fclose(fp);
			goto out;
		}
		hdf_put(r->hdf, key, pt->filename);
		free(key);
		if (pt->type != NULL) {
			key = xasprintf("Query.%s.Type", pt->name);
			hdf_put(r->hdf, key, pt->type);
			free(key);
		}
		key = xasprintf("Query.%s.FileHandle", pt->name);
		hdf_put_int(r->hdf, key, uListLength(r->cgi->files));
		ret = 0;
		goto out;
	}
	if (memchr(pt->data, '\0', n) != NULL) {
		ret = 400;
		goto out;
	}
	while (n > 0 && isspace((unsigned char)pt->data[n - 1]))
		n--;
	v = strndup(pt->data, n);
	/* seen before: a list, as cgi_parse makes it */
	if ((obj = hdf_get_obj(r->hdf, key)) != NULL) {
		if ((child = hdf_obj_child(obj)) == NULL) {
			hdf_put(obj, "0", hdf_obj_value(obj));
			i = 1;
		} else
			for (i = 0; child != NULL; child = hdf_obj_next(child))
				i++;
		sub = xasprintf("%d", i);
		hdf_put(obj, sub, v);
	}
	hdf_put(r->hdf, key, v);
	ret = 0;
out:
	free(key);
	free(sub);
	free(v);
	free(path);
	return ret;
}

/* A multipart/form-data body through core/multipart.c; 0 or an HTTP status. */
static int
request_multipart(struct req *r)
{
	char	*boundary;
	int	 st;

	if ((boundary = mp_boundary(hdf_get_value(r->hdf, "CGI.ContentType", NULL))) == NULL)
		return 400;
	if ((st = read_body(r, (r->route->flags & R_UPLOAD) ? r->app->upload_max :
	    r->app->body_max)) == 0)
		st = mp_parse(r->body, r->bodylen, boundary, multipart_part, r);
	free(boundary);
	return st < 0 ? 400 : st;
}

/* Reads a JSON body of at most body_max bytes; 0 or an HTTP status. */
static int
read_json_body(struct req *r)
{
	const char	*ctype = hdf_get_value(r->hdf, "CGI.ContentType", "");
	const char	*lenstr = hdf_get_value(r->hdf, "CGI.ContentLength", "0");
	int64_t		 len;
	size_t		 got = 0;
	json_error_t	 jerr;

	/* no Content-Length at all (nginx passes it empty) is no body */
	if (*lenstr == '\0')
		lenstr = "0";
	if (parse_int64(lenstr, 0, (int64_t)r->app->body_max, &len) != 0)
		return 413;
	/* no body (a cancel, say) is an empty object: nothing to declare a type for */
	if (len == 0)
		return (r->jin = json_object()) != NULL ? 0 : 500;
	if (strncmp(ctype, "application/json", 16) != 0)
		return 415;
	if ((r->body = malloc((size_t)len + 1)) == NULL)
		return 500;
	while (got < (size_t)len) {
		int n = cur_io->read(cur_io->ctx, r->body + got, (int)((size_t)len - got));

		if (n <= 0)
			return 400;
		got += (size_t)n;
	}
	r->body[got] = '\0';
	r->bodylen = got;
	r->jin = json_loadb(r->body, got, JSON_REJECT_DUPLICATES, &jerr);
	if (r->jin == NULL || !json_is_object(r->jin))
		return 400;
	return 0;
}

/* The URL's ?lang=xx (the last one), -1 when it names none of ours. */
static int
query_lang(struct req *r)
{
	char		*qs = req_env(r, "QUERY_STRING"), code[3];
	const char	*p, *next;
	int		 l = -1, k;

	for (p = qs; p != NULL && *p != '\0'; p = next) {
		if ((next = strchr(p, '&')) != NULL)
			next++;
		if (strncmp(p, "lang=", 5) != 0)
			continue;
		/* exactly two letters: "lang=" at the end has none to copy */
		if (p[5] == '\0' || p[5] == '&' || p[6] == '\0' || p[6] == '&' ||
		    (p[7] != '&' && p[7] != '\0'))
			continue;
		memcpy(code, p + 5, 2);
		code[2] = '\0';
		if ((k = lang_parse(code)) >= 0)
			l = k;
	}
	free(qs);
	return l;
}

/*
 * The visitor's language: the URL's ?lang= (a shared or indexed link in
 * one language), the switch's cookie, Accept-Language, Site.DefaultLang.
 */
static int
pick_lang(struct req *r)
{
	int	 l;

	if ((l = query_lang(r)) >= 0) {
		r->url_lang = 1;
		return l;
	}
	if ((l = lang_parse(req_cookie_get(r, "lang"))) >= 0)
		return l;
	{
		/* read from the environment: ClearSilver 0.10 exports only some headers */
		char *al = req_env(r, "HTTP_ACCEPT_LANGUAGE");

		l = lang_from_accept(al);
		free(al);
		if (l >= 0)
			return l;
	}
	l = lang_parse(conf_str(r->app->conf, "Site.DefaultLang", "en"));
	return l < 0 ? LANG_EN : l;
}

/* Role and verification gates from the route flags; 0 when allowed. */
static int
gate(struct req *r)
{
	unsigned f = r->route->flags;

	if ((f & (R_USER | R_VERIFIED | R_ORGANISER | R_ADMIN)) && r->user.id == 0) {
		if (f & R_API) {
			req_error(r, 401, NULL);
		} else {
			char *esc = NULL, *loc;

			NEOERR *err;

			/* only out of memory: the sign-in page then returns home */
			if ((err = cgi_url_escape(r->path, &esc)) != STATUS_OK) {
				nerr_ignore(&err);
				esc = NULL;
			}
			loc = xasprintf("/login?next=%s", esc ? esc : "%2F");
			req_redirect(r, loc);
			free(loc);
			free(esc);
		}
		return -1;
	}
	if ((f & R_ADMIN) && r->user.role != ROLE_ADMIN) {
		req_error(r, 403, NULL);
		return -1;
	}
	if ((f & R_ORGANISER) && r->user.role == ROLE_ATTENDEE) {
		req_error(r, 403, NULL);
		return -1;
	}
	if ((f & R_VERIFIED) && !r->user.verified) {
		req_error(r, 403, "email_not_verified");
		return -1;
	}
	return 0;
}

/* The request line and the CGI kit: 0, or -1 when the answer is set. */
static int
request_start(struct req *r, const struct http_io *io)
{
	char	*method;
	NEOERR	*err;

	method = io->getenv(io->ctx, "REQUEST_METHOD");
	r->method = method_parse(method);
	free(method);
	r->path = request_path(io);
	r->remote_addr = io->getenv(io->ctx, "REMOTE_ADDR");
	if (r->remote_addr == NULL)
		r->remote_addr = xstrdup("-");
	if ((err = hdf_init(&r->hdf)) != STATUS_OK) {
		klog_nerr("hdf_init", &err);
		r->status = 500;
		return -1;
	}
	if ((err = cgi_init(&r->cgi, r->hdf)) != STATUS_OK) {
		/* cgi_init destroyed our HDF on failure: make a fresh one for the page */
		klog_nerr("cgi_init", &err);
		r->cgi = NULL;
		r->hdf = NULL;
		if ((err = hdf_init(&r->hdf)) != STATUS_OK) {
			klog_nerr("hdf_init", &err);
			return -1;
		}
		r->lang = LANG_EN;
		req_error(r, 400, NULL);
		return -1;
	}
	r->hdf = r->cgi->hdf;
	r->lang = (enum lang)pick_lang(r);
	/* content (event names …) is read in it: db/db.c dbres_localise */
	db_set_lang(r->app->db, lang_codes[r->lang]);
	if (strlen(r->path) > 2048 || !utf8_valid(r->path, strlen(r->path))) {
		req_error(r, 400, NULL);
		return -1;
	}
	if (r->method < 0) {
		req_header(r, "Allow", "GET, HEAD, POST");
		req_error(r, 405, NULL);
		return -1;
	}
	return 0;
}

/* The route of method + path: 0, or -1 after answering 404 or 405 with Allow. */
static int
request_route(struct req *r)
{
	unsigned	 allow;
	int		 idx, m;
	char		 list[128] = "";

	if ((r->scratch = malloc(strlen(r->path) * 2 + 2)) == NULL)
		abort();
	idx = route_match(r->app->routes, r->app->nroutes, r->method, r->path, r->scratch,
	    r->params, &r->nparams, &allow);
	if (idx == -1) {
		req_error(r, 404, NULL);
		return -1;
	}
	if (idx == -2) {
		for (m = 0; m < M__MAX; m++)
			if (allow & (1u << m)) {
				if (list[0] != '\0')
					strcat(list, ", ");
				strcat(list, method_names[m]);
			}
		req_header(r, "Allow", list);
		req_error(r, 405, NULL);
		return -1;
	}
	r->route = &r->app->routes[idx];
	/*
	 * A page opened in a language by its URL (the switch's links are
	 * these) keeps it for the next pages: the cookie, never the account's
	 * stored language (that is POST /lang or the profile).
	 */
	if (r->url_lang && !(r->route->flags & R_API) &&
	    (r->method == M_GET || r->method == M_HEAD) &&
	    lang_parse(req_cookie_get(r, "lang")) != (int)r->lang)
		req_cookie(r, "lang", lang_codes[r->lang], 60 * 60 * 24 * 365);
	return 0;
}

/* The body within its limit (413 before anything is read): 0, or -1 when answered. */
static int
request_body(struct req *r, const struct http_io *io)
{
	char	*lenstr;
	int64_t	 clen = 0;
	int	 st;
	NEOERR	*err;

	lenstr = io->getenv(io->ctx, "CONTENT_LENGTH");
	if (lenstr != NULL && lenstr[0] != '\0' &&
	    parse_int64(lenstr, 0, INT64_MAX, &clen) != 0) {
		free(lenstr);
		req_error(r, 400, NULL);
		return -1;
	}
	free(lenstr);
	if (clen > (int64_t)((r->route->flags & R_UPLOAD) ? r->app->upload_max : r->app->body_max)) {
		req_error(r, 413, NULL);
		return -1;
	}
	/* uploads go to our own temporary directory, never the system's */
	if (r->route->flags & R_UPLOAD)
		hdf_put(r->hdf, "Config.Upload.TmpDir",
		    conf_str(r->app->conf, "Paths.UploadTmp", "/tmp"));
	if (r->method != M_POST && r->method != M_PUT && r->method != M_PATCH)
		return 0;
	if (r->route->flags & R_BODY_RAW) {
		/* a signature covers these exact bytes: nothing parses them here */
		if ((st = read_body(r, r->app->body_max)) != 0) {
			req_error(r, st, NULL);
			return -1;
		}
	} else if (r->route->flags & R_BODY_JSON) {
		if ((st = read_json_body(r)) != 0) {
			req_error(r, st, st == 400 ? "json_invalid" : NULL);
			return -1;
		}
	} else if (!multipart_ok(hdf_get_value(r->hdf, "CGI.ContentType", NULL))) {
		req_error(r, 400, NULL);
		return -1;
	} else if (strncmp(hdf_get_value(r->hdf, "CGI.ContentType", ""), "multipart/form-data",
	    19) == 0) {
		if ((st = request_multipart(r)) != 0) {
			req_error(r, st, NULL);
			return -1;
		}
	} else if ((err = cgi_parse(r->cgi)) != STATUS_OK) {
		klog_nerr("cgi_parse", &err);
		req_error(r, 400, NULL);
		return -1;
	}
	return 0;
}

/*
 * A public page (R_PAGECACHE) for a visitor who is not signed in and
 * carries no cookie but the CSRF one and the language: from the worker's
 * page cache when it holds a current copy (1: answered), else r->pc_key
 * names it so that respond() keeps what the handler makes.
 */
static int
page_cached(struct req *r)
{
	struct pagecache *pc = r->app->pages;
	HDF		*c;
	char		*qs;
	size_t		 len;

	if (pc == NULL || !(r->route->flags & R_PAGECACHE) ||
	    (r->method != M_GET && r->method != M_HEAD) || r->user.id != 0 ||
	    !pagecache_token_ok(r->csrf))
		return 0;
	if ((c = hdf_get_obj(r->hdf, "Cookie")) != NULL)
		for (c = hdf_obj_child(c); c != NULL; c = hdf_obj_next(c))
			if (strcmp(hdf_obj_name(c), "csrf") != 0 &&
			    strcmp(hdf_obj_name(c), "lang") != 0)
				return 0;
	qs = req_env(r, "QUERY_STRING");
	r->pc_key = xasprintf("%s %s?%s", lang_codes[r->lang], r->path, qs != NULL ? qs : "");
	free(qs);
	/* read before the handler reads the data: a change after it makes the copy old */
	r->pc_gen = pagecache_gen();
	r->pc_nheaders = r->nheaders;
	if ((r->raw = pagecache_get(pc, r->pc_key, r->csrf, &len)) == NULL)
		return 0;
	r->rawlen = len;
	r->raw_type = "text/html; charset=utf-8";
	free(r->pc_key);
	r->pc_key = NULL;
	return 1;
}

static void
dispatch(struct req *r, const struct http_io *io)
{
	if (request_start(r, io) != 0 || request_route(r) != 0 || request_body(r, io) != 0)
		return;
	/* the API authenticates with bearer tokens only: no cookies, so no CSRF */
	if (r->route->flags & R_API) {
		if (bearer_load(r) != 0)
			return;
	} else
		session_load(r);
	if (r->status == 503) {
		req_error(r, 503, NULL);
		return;
	}
	if (r->method == M_POST && !(r->route->flags & R_NOCSRF) && !csrf_check(r)) {
		klog("%s %s: CSRF token missing or wrong from %s", method_names[r->method],
		    r->path, r->remote_addr);
		req_error(r, 403, "csrf");
		return;
	}
	if (gate(r) != 0)
		return;
	r->status = 200;
	if (page_cached(r))
		return;
	r->route->fn(r);
}

void
http_handle(struct app *app, const struct http_io *io)
{
	struct req r;

	memset(&r, 0, sizeof(r));
	r.app = app;
	r.io = io;
	cur_io = io;
	cgiwrap_init_emu(NULL, cw_read, cw_writef, cw_write, cw_getenv, cw_putenv,
	    cw_iterenv);
	dispatch(&r, io);
	/* anything but a read may have changed what the kept pages show */
	if (r.method != M_GET && r.method != M_HEAD)
		pagecache_bump();
	if (r.hdf == NULL) {
		out_str("Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n"
		    "500 Internal Server Error\n");
	} else
		respond(&r);
	req_free(&r);
	db_set_lang(app->db, NULL);
	cur_io = NULL;
}
