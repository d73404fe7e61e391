/*
 * Calendars and notifications: .ics, calendar bumps, Google Calendar
 * sync, the holder's mails on a change, reminders (notify/calendar.c,
 * gcal.c, notify.c).
 */
#ifndef KT_NOTIFY_H
#define KT_NOTIFY_H

#include <time.h>

#include <jansson.h>

#include "db/db.h"
#include "lib/app.h"

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

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
/* In the caller's transaction: SEQUENCE up and Google sync queued. */
enum db_rc cal_ticket_changed(struct app *, int64_t ticket_id);
enum db_rc cal_event_changed(struct app *, int64_t event_id);
enum db_rc cal_order_bought(struct app *, int64_t order_id);
/* A deleted account: no feed, no Google tokens (in the caller's transaction). */
enum db_rc cal_user_forget(struct app *, int64_t uid);
/* The gcal_sync job: 0 done, -1 try again later (err says why). */
int	 gcal_job(struct app *, json_t *payload, char *err, size_t errlen);

enum ticket_change { TC_CANCELLED, TC_SEAT };
/* In the caller's transaction: calendar bump, Google sync, the holder's mail. */
enum db_rc notify_ticket(struct app *, int64_t ticket_id, enum ticket_change);
void	 reminders_sweep(struct app *);

#endif
