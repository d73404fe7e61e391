/*
 * lib/ics.c: the iCalendar (RFC 5545) writer — content lines escaped and
 * folded, a VCALENDAR around VEVENTs.  What goes into them is the notify
 * layer's (notify/calendar.c).
 */
#ifndef KT_LIB_ICS_H
#define KT_LIB_ICS_H

#include <stdint.h>
#include <time.h>

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
/* NAME:<t in UTC, 20260101T120000Z> */
void	 ics_time(STRING *, const char *name, time_t t);
void	 ics_open(STRING *, const char *calname);
void	 ics_vevent(STRING *, const struct ics_ev *);
void	 ics_close(STRING *);

#endif
