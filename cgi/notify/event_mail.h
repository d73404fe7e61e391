/*
 * notify/event_mail.c: the mails about an event as a whole (not one order).
 */
#ifndef KT_NOTIFY_EVENT_MAIL_H
#define KT_NOTIFY_EVENT_MAIL_H

#include <stdint.h>
#include <time.h>

#include "db/db.h"
#include "lib/app.h"

/* Queues "your event is cancelled" to one holder in their language (NULL: English). */
enum db_rc mail_event_cancelled(struct app *, const char *lang, const char *to,
	     const char *buyer_name, const char *tickets, const char *event_name,
	     const char *venue_name, time_t starts);
/*
 * Queues the invitation to an event's team (role "organiser" or "door") to
 * `to`, in `lang` (NULL: English): the same mail whether the address has an
 * account or not; `name` is the account's first name or NULL.
 */
enum db_rc mail_staff_invite(struct app *, const char *lang, const char *to, const char *name,
	     const char *event_name, time_t starts, const char *by, const char *role,
	     int64_t event_id);

#endif
