/*
 * The door: /organiser/events/{id}/checkin for door staff and organisers.
 * A typed code, a keyboard-wedge scanner or the phone's camera
 * (nginx/static/checkin.js) all post the same form; the scan itself is
 * domain/checkin.c.  Without JavaScript the page is that form.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/access.h"
#include "domain/checkin.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

#define DOOR_MAX_BYTES	40	/* tickets.checked_in_door */

/* The counters beside the form: in so far, and expected. */
static void
checkin_counts(struct req *r, int64_t ev)
{
	int64_t	 in = 0, expected = 0;

	if (door_counts(r->app->db, ev, &in, &expected) != DOM_OK)
		return;
	hdf_put_int(r->hdf, "Checkin.Count", (int)in);
	hdf_put_int(r->hdf, "Checkin.Sold", (int)expected);
}

/*
 * Who may work this door (door staff, organisers, admins; 404 for anyone
 * else, as if the event did not exist), and the page's frame.  0 when the
 * page may go on; otherwise the answer is set.
 */
static int
checkin_gate(struct req *r)
{
	enum eaccess	 a;
	enum db_rc	 rc;
	char		 buf[64];
	struct dbres	*ev = NULL;
	int		 ret = -1;

	if ((rc = event_access(r->app->db, &r->user, req_param_id(r, 0), &a)) != DB_OK) {
		req_db_error(r, rc);
		goto out;
	}
	if (a == EA_NONE) {
		req_error(r, 404, NULL);
		goto out;
	}
	if ((rc = db_query(r->app->db, STMT_TK_EVENT, &ev, "i", req_param_id(r, 0))) != DB_OK) {
		ev = NULL;
		req_db_error(r, rc);
		goto out;
	}
	if (ev->nrows == 0) {
		req_error(r, 404, NULL);
		goto out;
	}
	hdf_put(r->hdf, "Event.Id", dbres_get(ev, 0, "id"));
	hdf_put(r->hdf, "Event.Name", dbres_get(ev, 0, "name"));
	format_local(db_time_parse(dbres_get(ev, 0, "starts_at")), buf, sizeof(buf),
	    "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, "Event.StartsLocal", buf);
	if (a == EA_MANAGE)
		hdf_put(r->hdf, "Checkin.Manager", "1");
	checkin_counts(r, req_param_id(r, 0));
	hdf_put(r->hdf, "Page.Sub", "events");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.checkin_heading"));
	r->tpl = TPL_CHECKIN;
	ret = 0;
out:
	dbres_free(ev);
	return ret;
}

/* GET /organiser/events/{id}/checkin: the form, with the door from ?door=. */
void
h_checkin_page(struct req *r)
{
	const char *door = req_query(r, "door");

	if (checkin_gate(r) != 0)
		return;
	if (door != NULL && strlen(door) <= DOOR_MAX_BYTES && utf8_valid(door, strlen(door)))
		hdf_put(r->hdf, "Checkin.Door", door);
}

/* The facts of a scan for the result panel. */
static void
scan_to_hdf(struct req *r, const struct door_scan *s)
{
	char	 buf[64], *l;

	hdf_put(r->hdf, "Checkin.Result", door_verdict_names[s->verdict]);
	if (s->code[0] != '\0') {
		ticket_code_group(s->code, buf, sizeof(buf));
		hdf_put(r->hdf, "Checkin.CodeGrouped", buf);
	}
	if (s->holder != NULL)
		hdf_put(r->hdf, "Checkin.Holder", s->holder);
	if (s->seat != NULL) {
		l = xasprintf("%s, %s %s, %s %s", s->section != NULL ? s->section : "",
		    req_lang_str(r, "Lang.Shop.row"), s->row != NULL ? s->row : "",
		    req_lang_str(r, "Lang.Shop.seat"), s->seat);
		hdf_put(r->hdf, "Checkin.Seat", l);
		free(l);
	}
	if (s->at != 0) {
		format_local(s->at, buf, sizeof(buf), "%H:%M:%S");
		hdf_put(r->hdf, "Checkin.At", buf);
		format_local(s->at, buf, sizeof(buf), "%d.%m.%Y");
		hdf_put(r->hdf, "Checkin.AtDay", buf);
	}
	if (s->door != NULL)
		hdf_put(r->hdf, "Checkin.AtDoor", s->door);
	if (s->other_event != NULL) {
		hdf_put(r->hdf, "Checkin.OtherEvent", s->other_event);
		hdf_put_int(r->hdf, "Checkin.OtherEventId", (int)s->other_event_id);
	}
}

/*
 * POST /organiser/events/{id}/checkin: one scan, fields code and door
 * (optional, up to 40 bytes, kept in the form for the next scan).  200
 * valid, 409 already used, 422 wrong event, cancelled or unknown; 404 for
 * someone who may not work this door.
 */
void
h_checkin(struct req *r)
{
	struct door_scan s;
	const char	*raw = req_form(r, "code");
	char		*copy = NULL, *door = NULL;
	enum dom_rc	 drc;

	memset(&s, 0, sizeof(s));
	if (checkin_gate(r) != 0)
		goto out;
	if (req_form(r, "door") != NULL) {
		if ((copy = xstrdup(req_form(r, "door"))) == NULL)
			goto out;
		door = str_trim(copy);
		/* an over-long or broken door name is dropped rather than cut mid-letter */
		if (strlen(door) > DOOR_MAX_BYTES || !utf8_valid(door, strlen(door)))
			door[0] = '\0';
		hdf_put(r->hdf, "Checkin.Door", door);
	}
	drc = door_scan(r->app->db, req_param_id(r, 0), raw, door, &r->user, &s);
	if (drc != DOM_OK) {
		req_fail(r, drc, NULL);
		goto out;
	}
	scan_to_hdf(r, &s);
	if (s.verdict == DOOR_USED)
		r->status = 409;
	else if (s.verdict != DOOR_OK)
		r->status = 422;
	/* the counters changed with this scan */
	checkin_counts(r, req_param_id(r, 0));
out:
	door_scan_free(&s);
	free(copy);
}
