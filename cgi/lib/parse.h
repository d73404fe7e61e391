/*
 * lib/parse.c: money and dates as people type them.
 */
#ifndef KT_LIB_PARSE_H
#define KT_LIB_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* "3000", "3 000", "3000.5", "3000,50" tenge to minor units; -1 if not money. */
int	 parse_money(const char *s, int64_t *out);
/* Local "YYYY-MM-DD" + "HH:MM" to a UTC DATETIME string and time_t; -1 if not a time. */
int	 parse_local_datetime(const char *date, const char *hm, char *out, size_t len,
	     time_t *t);
/* Local "YYYY-MM-DDTHH:MM" (a datetime-local field) the same way. */
int	 parse_datetime_local(const char *s, char *out, size_t len, time_t *t);
/* Local "YYYY-MM-DD" as midnight (+add_days) to a UTC DATETIME string; -1 if not a date. */
int	 parse_local_date(const char *s, int add_days, char *out, size_t len);
/* ISO 8601 with an offset ("...+05:00", "...Z") to UTC. */
int	 parse_iso8601(const char *s, char *out, size_t len, time_t *t);

#endif
