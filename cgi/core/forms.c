/*
 * Form and JSON field validation (core/forms.h): each check adds a (field,
 * code) error and the page answers them all at once, as HTML or as JSON.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "core/forms.h"
#include "lib/render.h"
#include "lib/util.h"


/*
 * A request field: from the JSON body on API routes, else the form.  JSON
 * numbers are given back as text so one validator serves both.  The
 * returned string lives until the request ends.
 */
const char *
req_field(struct req *r, const char *name)
{
	json_t	*v;

	if (r->jin == NULL)
		return req_form(r, name);
	if ((v = json_object_get(r->jin, name)) == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		json_object_set_new(r->jin, "__tmp", json_string(buf));
		/* keep the text alive in the request's own JSON under a private key */
		v = json_object_get(r->jin, "__tmp");
		json_object_set(r->jin, name, v);
		json_object_del(r->jin, "__tmp");
		return json_string_value(v);
	}
	return "\x01";	/* any other type: fails every validator */
}

void
ferr_add(struct ferrs *e, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return;	/* first problem per field is enough */
	if (e->n < FERR_MAX) {
		e->v[e->n].field = field;
		e->v[e->n].code = code;
		e->n++;
	}
}

/*
 * Answers a failed validation: 422 JSON {error, message, fields} on the
 * API; on pages, Errors.<field> with the localised text and the template.
 */
void
ferr_answer(struct req *r, const struct ferrs *e, enum tpl tpl)
{
	char	 key[64], *msg;
	size_t	 i;

	if (r->route->flags & R_API) {
		json_t *fields = json_object();

		for (i = 0; i < e->n; i++) {
			snprintf(key, sizeof(key), "Lang.Err.%s", e->v[i].code);
			json_object_set_new(fields, e->v[i].field, json_string(req_lang_str(r, key)));
		}
		/* the message names the field, as a client reads only it: "email: …" */
		snprintf(key, sizeof(key), "Lang.Err.%s", e->v[0].code);
		msg = xasprintf("%s: %s", e->v[0].field, req_lang_str(r, key));
		req_json(r, 422, json_pack("{s:s, s:s, s:o}", "error", "invalid",
		    "message", msg, "fields", fields));
		free(msg);
		return;
	}
	for (i = 0; i < e->n; i++) {
		char hkey[64];

		snprintf(key, sizeof(key), "Lang.Err.%s", e->v[i].code);
		snprintf(hkey, sizeof(hkey), "Errors.%s", e->v[i].field);
		hdf_put(r->hdf, hkey, req_lang_str(r, key));
	}
	r->status = 422;
	r->tpl = tpl;
}

/* Keeps what was typed (never a password) for the form to show again. */
void
form_keep(struct req *r, const char *const *names)
{
	char		 key[64];
	const char	*v;

	for (; *names != NULL; names++)
		if ((v = req_field(r, *names)) != NULL && utf8_valid(v, strlen(v))) {
			snprintf(key, sizeof(key), "Form.%s", *names);
			hdf_put(r->hdf, key, v);
		}
}

/* Trimmed copy of a name-like field: 1..max code points, no control characters. */
char *
valid_text(struct req *r, struct ferrs *e, const char *name, size_t max, int required)
{
	const char	*v = req_field(r, name), *code = NULL;
	char		*copy, *t, *ret = NULL;
	size_t		 i;

	if (v == NULL || *v == '\0') {
		if (required)
			ferr_add(e, name, "required");
		return NULL;
	}
	copy = xstrdup(v);
	t = str_trim(copy);
	if (!utf8_valid(t, strlen(t))) {
		code = "text_invalid";
		goto out;
	}
	for (i = 0; t[i] != '\0'; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f) {
			code = "text_invalid";
			goto out;
		}
	if (*t == '\0' && required)
		code = "required";
	else if (utf8_len(t) > max)
		code = "too_long";
	else
		ret = xstrdup(t);
out:
	if (code != NULL)
		ferr_add(e, name, code);
	free(copy);
	return ret;
}

/* error lists keep a field's name: these outlive the request's buffers */
const char *const tr_name_keys[LANG__MAX] = { "name_en", "name_ru", "name_kk" };
const char *const tr_desc_keys[LANG__MAX] = {
	"description_en", "description_ru", "description_kk"
};

char *
valid_text_tr(struct req *r, struct ferrs *e, const char *field,
    const char *const keys[LANG__MAX], size_t max, int lines, int required,
    char *tr[LANG__MAX])
{
	char	*main;
	size_t	 i;

	main = lines ? valid_long_text(r, e, field, max, 0) : valid_text(r, e, field, max, 0);
	for (i = 0; i < LANG__MAX; i++)
		tr[i] = lines ? valid_long_text(r, e, keys[i], max, 0) :
		    valid_text(r, e, keys[i], max, 0);
	if (main != NULL) {
		free(tr[r->lang]);
		tr[r->lang] = main;
	}
	if (tr[r->lang] != NULL)
		return xstrdup(tr[r->lang]);
	for (i = 0; i < LANG__MAX; i++)
		if (tr[i] != NULL)
			return xstrdup(tr[i]);
	if (required)
		ferr_add(e, field, "required");
	return NULL;
}

/*
 * Free text over several lines (descriptions, notes): valid UTF-8, at most
 * max code points, no control characters but line breaks and tabs.
 * NULL when empty (and an error when required); caller frees.
 */
char *
valid_long_text(struct req *r, struct ferrs *e, const char *name, size_t max, int required)
{
	const char	*v = req_field(r, name);
	size_t		 i;

	if (v == NULL || *v == '\0') {
		if (required)
			ferr_add(e, name, "required");
		return NULL;
	}
	if (!utf8_valid(v, strlen(v))) {
		ferr_add(e, name, "text_invalid");
		return NULL;
	}
	for (i = 0; v[i] != '\0'; i++)
		if (((unsigned char)v[i] < 0x20 && v[i] != '\n' && v[i] != '\r' && v[i] != '\t') ||
		    v[i] == 0x7f) {
			ferr_add(e, name, "text_invalid");
			return NULL;
		}
	if (utf8_len(v) > max) {
		ferr_add(e, name, "too_long");
		return NULL;
	}
	return xstrdup(v);
}

/* Trimmed, lower-cased, checked address; caller frees. */
char *
valid_email(struct req *r, struct ferrs *e, const char *name)
{
	const char	*v = req_field(r, name);
	char		*copy, *t;

	if (v == NULL || *v == '\0') {
		ferr_add(e, name, "required");
		return NULL;
	}
	copy = xstrdup(v);
	t = str_trim(copy);
	str_lower(t);
	if (!email_valid(t)) {
		ferr_add(e, name, "email_invalid");
		free(copy);
		return NULL;
	}
	t = xstrdup(t);
	free(copy);
	return t;
}

int
valid_age(struct req *r, struct ferrs *e, const char *name)
{
	const char	*v = req_field(r, name);
	int64_t		 age;
	char		*copy;
	int		 bad;

	if (v == NULL || *v == '\0') {
		ferr_add(e, name, "required");
		return 0;
	}
	copy = xstrdup(v);
	bad = parse_int64(str_trim(copy), 1, 120, &age);
	free(copy);
	if (bad) {
		ferr_add(e, name, "age_invalid");
		return 0;
	}
	return (int)age;
}

/* A new password: 10..200 characters and not the address itself. */
const char *
valid_password(struct req *r, struct ferrs *e, const char *name, const char *email)
{
	const char	*v = req_field(r, name);

	if (v == NULL || *v == '\0') {
		ferr_add(e, name, "required");
		return NULL;
	}
	if (!utf8_valid(v, strlen(v)) || utf8_len(v) < 10) {
		ferr_add(e, name, "password_short");
		return NULL;
	}
	if (utf8_len(v) > 200) {
		ferr_add(e, name, "too_long");
		return NULL;
	}
	if (email != NULL && strcasecmp(v, email) == 0) {
		ferr_add(e, name, "password_is_email");
		return NULL;
	}
	return v;
}
