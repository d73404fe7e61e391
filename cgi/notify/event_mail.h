/*
 * notify/event_mail.c: the mails about an event as a whole (not one order).
 */
#ifndef KT_NOTIFY_EVENT_MAIL_H
#define KT_NOTIFY_EVENT_MAIL_H

#include <time.h>

#include "db/db.h"
#include "lib/app.h"

/* Queues "your event is cancelled" to one holder in their language (NULL: English). */
enum db_rc mail_event_cancelled(struct app *, const char *lang, const char *to,
	     const char *buyer_name, const char *tickets, const char *event_name,
	     const char *venue_name, time_t starts);

#endif
