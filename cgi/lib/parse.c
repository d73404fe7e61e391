/*
 * Plain parsers of typed values: money and the site's local times.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/parse.h"

/* "3000", "3 000", "3000.5", "3000,50" tenge → minor units; -1 if not money. */
int
parse_money(const char *s, int64_t *out)
{
	int64_t	 major = 0, minor = 0;
	int	 digits = 0, fd = 0, frac = 0;

	if (s == NULL)
		return -1;
	while (*s == ' ')
		s++;
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (frac) {
				if (++fd > 2)
					return -1;
				minor = minor * 10 + (*s - '0');
			} else {
				if (++digits > 11)
					return -1;
				major = major * 10 + (*s - '0');
			}
		} else if ((*s == '.' || *s == ',') && !frac && digits > 0)
			frac = 1;
		else if (*s == ' ' && !frac && digits > 0)
			continue;
		else
			return -1;
	}
	if (digits == 0 || (frac && fd == 0))
		return -1;
	if (fd == 1)
		minor *= 10;
	*out = major * 100 + minor;
	return 0;
}

/*
 * Local "YYYY-MM-DD" + "HH:MM" (or "YYYY-MM-DDTHH:MM") in the site's zone
 * to a UTC DATETIME string and time_t.  -1 when not a real time.
 */
int
parse_local_datetime(const char *date, const char *tm_s, char *out, size_t len, time_t *t)
{
	struct tm	 tm;
	int		 y, mo, d, h, mi;
	char		 tail;

	if (date == NULL || tm_s == NULL || strlen(date) != 10 || strlen(tm_s) != 5 ||
	    sscanf(date, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 ||
	    sscanf(tm_s, "%2d:%2d%c", &h, &mi, &tail) != 2 ||
	    y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	if ((*t = mktime(&tm)) == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	gmtime_r(t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
	return 0;
}

/* A form's datetime-local "YYYY-MM-DDTHH:MM" the same way. */
int
parse_datetime_local(const char *s, char *out, size_t len, time_t *t)
{
	char	 date[11], hm[6];

	if (s == NULL || strlen(s) != 16 || s[10] != 'T')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	memcpy(hm, s + 11, 5);
	hm[5] = '\0';
	return parse_local_datetime(date, hm, out, len, t);
}

/* ISO 8601 with an offset ("2026-12-01T19:00:00+05:00", "...Z") to UTC. */
int
parse_iso8601(const char *s, char *out, size_t len, time_t *t)
{
	struct tm	 tm;
	int		 y, mo, d, h, mi, sec = 0, oh = 0, om = 0, n = 0;
	const char	*p;
	char		 sign;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    n != 16)
		return -1;
	p = s + n;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
			return -1;
		sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	}
	if (*p == 'Z' && p[1] == '\0')
		sign = '+';
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
	    sscanf(p + 1, "%2d:%2d", &oh, &om) == 2)
		sign = *p;
	else
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 ||
	    oh > 14 || om > 59 || y < 2000 || y > 2200)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*t = timegm(&tm);
	if (tm.tm_mday != d)
		return -1;
	*t -= (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	gmtime_r(t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
	return 0;
}

/* "YYYY-MM-DD" as local midnight (+days) to a UTC DATETIME string. */
int
parse_local_date(const char *s, int add_days, char *out, size_t len)
{
	struct tm tm;
	time_t	 t;
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 y, m, d, i, leap;

	/* exactly YYYY-MM-DD: sscanf alone would take " 1" or "+1" for a month */
	if (strlen(s) != 10)
		return -1;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 2000 || y > 2200 ||
	    m < 1 || m > 12 || d < 1)
		return -1;
	/* a real date: mktime would quietly turn 2025-02-30 into March 2nd */
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + add_days;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return -1;
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
	return 0;
}
