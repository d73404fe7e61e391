/*
 * An organiser's clients (the people and companies events are run for):
 * contact details, history notes, feedback, and the events linked to them.
 * Admins see every organiser's clients; organisers their own; any other
 * client id answers 404.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/client_book.h"
#include "lib/app.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

static void
cf_free(struct client_details *c)
{
	free(c->name);
	free(c->email);
	free(c->phone);
	free(c->address);
	free(c->notes);
	free(c->feedback);
}

static void
cf_read(struct req *r, struct client_details *c, struct ferrs *e)
{
	const char	*em = req_field(r, "email");
	size_t		 i;

	memset(c, 0, sizeof(*c));
	c->name = valid_text(r, e, "name", 200, 1);
	if (em != NULL && *em != '\0')
		c->email = valid_email(r, e, "email");
	if ((c->phone = valid_text(r, e, "phone", 40, 0)) != NULL)
		for (i = 0; c->phone[i] != '\0'; i++)
			if (strchr("0123456789+-() ", c->phone[i]) == NULL) {
				ferr_add(e, "phone", "phone_invalid");
				break;
			}
	c->address = valid_text(r, e, "address", 300, 0);
	c->notes = valid_long_text(r, e, "notes", 10000, 0);
	c->feedback = valid_long_text(r, e, "feedback", 10000, 0);
}

static const char *const client_fields[] = {
	"name", "email", "phone", "address", "notes", "feedback", NULL
};

static void
list_page(struct req *r)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	char		 key[32];
	size_t		 i;

	rc = db_query(r->app->db, STMT_CLIENTS, &res, "ii",
	    (int64_t)(r->user.role == ROLE_ADMIN), r->user.id);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	for (i = 0; i < res->nrows; i++) {
		snprintf(key, sizeof(key), "ClientList.%zu", i);
		dbres_row_to_hdf(res, i, r->hdf, key);
	}
	dbres_free(res);
	hdf_put(r->hdf, "Page.Sub", "clients");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Client.list_heading"));
	r->tpl = TPL_CLIENTS;
}

void
h_clients(struct req *r)
{
	list_page(r);
}

void
h_client_create(struct req *r)
{
	struct client_details	 c;
	struct ferrs		 e = { 0 };
	int64_t			 id = 0;
	enum dom_rc		 rc;
	char			*loc;

	cf_read(r, &c, &e);
	if (e.n > 0) {
		list_page(r);
		form_keep(r, client_fields);
		if (r->tpl == TPL_CLIENTS)
			ferr_answer(r, &e, TPL_CLIENTS);
		cf_free(&c);
		return;
	}
	rc = client_create(r->app->db, r->user.id, &c, &id);
	cf_free(&c);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	req_flash(r, "client_saved");
	loc = xasprintf("/organiser/clients/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/* The client if the user may see it; else answers 404/503 and returns NULL. */
static struct dbres *
client_load(struct req *r, int64_t id)
{
	struct dbres	*res;
	enum dom_rc	 rc;

	if ((rc = client_get(r->app->db, &r->user, id, &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return NULL;
	}
	return res;
}

static void
client_page(struct req *r, const struct dbres *c, int with_form)
{
	struct dbres	*ev = NULL;
	char		 key[48], buf[64];
	size_t		 i;

	hdf_put(r->hdf, "Client.Id", dbres_get(c, 0, "id"));
	hdf_put(r->hdf, "Client.Name", dbres_get(c, 0, "name"));
	if (with_form)
		for (i = 0; client_fields[i] != NULL; i++) {
			const char *v = dbres_get(c, 0, client_fields[i]);

			if (v != NULL) {
				snprintf(key, sizeof(key), "Form.%s", client_fields[i]);
				hdf_put(r->hdf, key, v);
			}
		}
	if (db_query(r->app->db, STMT_CLIENT_EVENTS, &ev, "i", dbres_int(c, 0, "id")) == DB_OK) {
		for (i = 0; i < ev->nrows; i++) {
			snprintf(key, sizeof(key), "ClientEvents.%zu", i);
			dbres_row_to_hdf(ev, i, r->hdf, key);
			format_local(db_time_parse(dbres_get(ev, i, "starts_at")), buf, sizeof(buf),
			    "%d.%m.%Y %H:%M");
			snprintf(key, sizeof(key), "ClientEvents.%zu.StartsLocal", i);
			hdf_put(r->hdf, key, buf);
		}
		dbres_free(ev);
	}
	hdf_put(r->hdf, "Page.Sub", "clients");
	hdf_put(r->hdf, "Page.Title", dbres_get(c, 0, "name"));
	r->tpl = TPL_CLIENT;
}

void
h_client(struct req *r)
{
	struct dbres *c;

	if ((c = client_load(r, req_param_id(r, 0))) == NULL)
		return;
	client_page(r, c, 1);
	dbres_free(c);
}

void
h_client_update(struct req *r)
{
	struct dbres		*c;
	struct client_details	 f;
	struct ferrs		 e = { 0 };
	int64_t			 id = req_param_id(r, 0);
	enum dom_rc		 rc;
	char			*loc;

	if ((c = client_load(r, id)) == NULL)
		return;
	cf_read(r, &f, &e);
	if (e.n > 0) {
		client_page(r, c, 0);
		form_keep(r, client_fields);
		ferr_answer(r, &e, TPL_CLIENT);
		goto out;
	}
	if ((rc = client_update(r->app->db, id, &f)) != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	req_flash(r, "client_saved");
	loc = xasprintf("/organiser/clients/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
out:
	cf_free(&f);
	dbres_free(c);
}

/* ---- admin: every event, and the best sellers -------------------------- */

void
h_admin_events(struct req *r)
{
	struct dbres	*res = NULL;
	const char	*q = req_query(r, "q"), *page = req_query(r, "page");
	char		*like = NULL, key[48], buf[64];
	int64_t		 pg = 1;
	size_t		 i, n;
	enum db_rc	 rc;
	static const int per = 50;

	if (page != NULL && parse_int64(page, 1, 100000, &pg) != 0)
		pg = 1;
	if (q != NULL && *q != '\0' && utf8_valid(q, strlen(q)) && utf8_len(q) <= 100) {
		hdf_put(r->hdf, "Search.q", q);
		like = like_contains(q);
	}
	rc = db_query(r->app->db, STMT_ADMIN_EVENTS, &res, "ssii", like, like,
	    (int64_t)per + 1, (pg - 1) * per);
	free(like);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	n = res->nrows > (size_t)per ? (size_t)per : res->nrows;
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "AllEvents.%zu", i);
		dbres_row_to_hdf(res, i, r->hdf, key);
		format_local(db_time_parse(dbres_get(res, i, "starts_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		snprintf(key, sizeof(key), "AllEvents.%zu.StartsLocal", i);
		hdf_put(r->hdf, key, buf);
	}
	if (res->nrows > (size_t)per)
		hdf_put_int(r->hdf, "Pager.Next", (int)pg + 1);
	if (pg > 1)
		hdf_put_int(r->hdf, "Pager.Prev", (int)pg - 1);
	dbres_free(res);
	res = NULL;
	if (db_query(r->app->db, STMT_TOP_EVENTS, &res, "") == DB_OK) {
		for (i = 0; i < res->nrows; i++) {
			snprintf(key, sizeof(key), "TopEvents.%zu", i);
			dbres_row_to_hdf(res, i, r->hdf, key);
			format_local(db_time_parse(dbres_get(res, i, "starts_at")), buf,
			    sizeof(buf), "%d.%m.%Y");
			snprintf(key, sizeof(key), "TopEvents.%zu.StartsLocal", i);
			hdf_put(r->hdf, key, buf);
		}
		dbres_free(res);
	}
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.AdminEv.heading"));
	r->tpl = TPL_ADMIN_EVENTS;
}
