/*
 * The Google Calendar pages of /account: connect (off to Google's consent
 * page with a signed state), the callback Google sends the user back to,
 * and disconnect.  The calls to Google and the sync are notify/gcal.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/core.h"
#include "db/db.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "pages/pages.h"

#define STATE_SECONDS	900	/* how long a "connect" may take at Google */

/*
 * The OAuth `state`: a random nonce, an expiry and an HMAC over both and
 * the session's id, so it is only good in the session that asked, for a
 * short while, and cannot be made up.
 */
static char *
state_sign(struct req *r, const char *nonce, long long until)
{
	unsigned char	 mac[32];
	char		*msg, *m64, *out;

	msg = xasprintf("gcal-state:%lld:%lld:%s:%lld", (long long)r->session_id,
	    (long long)r->user.id, nonce, until);
	hmac_sha256(r->app->secret, sizeof(r->app->secret), msg, strlen(msg), mac);
	free(msg);
	m64 = b64url_encode(mac, sizeof(mac));
	out = xasprintf("%s.%lld.%s", nonce, until, m64 ? m64 : "");
	free(m64);
	return out;
}

static int
state_ok(struct req *r, const char *state)
{
	char		 nonce[32], *want;
	long long	 until;
	const char	*d1, *d2;
	int		 ok;

	if (state == NULL || r->session_id == 0 || (d1 = strchr(state, '.')) == NULL ||
	    (size_t)(d1 - state) >= sizeof(nonce) || (d2 = strchr(d1 + 1, '.')) == NULL)
		return 0;
	memcpy(nonce, state, (size_t)(d1 - state));
	nonce[d1 - state] = '\0';
	if (sscanf(d1 + 1, "%lld", &until) != 1 || until < (long long)time(NULL))
		return 0;
	want = state_sign(r, nonce, until);
	ok = strlen(want) == strlen(state) && ct_equal(want, state, strlen(state));
	free(want);
	return ok;
}

/*
 * GET /account/google/connect: off to Google's consent page.  404 when
 * no Google.ClientId is configured.  A link, not a form: CSP's form-action
 * would stop a form's redirect to Google, and the step changes nothing
 * here (the state is signed, not stored).
 */
void
h_gcal_connect(struct req *r)
{
	char	*nonce, *state = NULL, *url = NULL;

	if (*conf_str(r->app->conf, "Google.ClientId", "") == '\0') {
		req_error(r, 404, NULL);
		return;
	}
	if ((nonce = random_token(12)) == NULL) {
		req_error(r, 500, NULL);
		goto out;
	}
	state = state_sign(r, nonce, (long long)time(NULL) + STATE_SECONDS);
	if ((url = gcal_auth_url(r->app, state)) == NULL) {
		req_error(r, 500, NULL);
		goto out;
	}
	req_redirect(r, url);
out:
	free(url);
	free(state);
	free(nonce);
}

/*
 * GET /account/google/callback?code=&state=: Google sends the user back.
 * A state that is not this session's gets 400 and nothing is exchanged;
 * a refusal at Google, or a failed exchange, goes back to /account with
 * a message.  On success the tokens are stored and every current ticket
 * of the user is queued for sync.
 */
void
h_gcal_callback(struct req *r)
{
	const char	*code = req_query(r, "code"), *err_q = req_query(r, "error");
	char		 err[300];
	json_t		*tok = NULL;
	enum db_rc	 rc;

	if (*conf_str(r->app->conf, "Google.ClientId", "") == '\0') {
		req_error(r, 404, NULL);
		return;
	}
	if (!state_ok(r, req_query(r, "state"))) {
		klog("google callback: state refused for user %lld", (long long)r->user.id);
		req_error(r, 400, "gcal_state");
		return;
	}
	if (err_q != NULL || code == NULL || *code == '\0') {
		req_flash(r, "gcal_refused");
		req_redirect(r, "/account#calendar");
		return;
	}
	if (gcal_code_exchange(r->app, code, &tok, err, sizeof(err)) != 0) {
		klog("google callback: user %lld: %s", (long long)r->user.id, err);
		req_flash(r, "gcal_failed");
		req_redirect(r, "/account#calendar");
		return;
	}
	rc = gcal_connect(r->app, r->user.id, tok);
	json_decref(tok);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	klog("user %lld connected Google Calendar", (long long)r->user.id);
	req_flash(r, "gcal_connected");
	req_redirect(r, "/account#calendar");
}

/*
 * POST /account/google/disconnect: forget the tokens and which events
 * were made (the events stay in the user's calendar, theirs to keep).
 */
void
h_gcal_disconnect(struct req *r)
{
	enum db_rc rc;

	if ((rc = gcal_disconnect(r->app, r->user.id)) != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	req_flash(r, "gcal_disconnected");
	req_redirect(r, "/account#calendar");
}
