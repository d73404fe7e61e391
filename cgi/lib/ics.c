/*
 * The iCalendar writer (RFC 5545): content lines escaped as TEXT where
 * asked, folded at 75 octets without splitting a UTF-8 character, times
 * in UTC, and the VCALENDAR and VEVENT around them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/ics.h"
#include "lib/util.h"

#define ICS_FOLD	75	/* octets per line before the CRLF (RFC 5545 §3.1) */

/*
 * Appends one content line NAME:VALUE, VALUE escaped as TEXT when `text`
 * (backslash, semicolon, comma, newline; other control characters
 * dropped), folded at 75 octets without splitting a UTF-8 character, and
 * ended with CRLF.
 */
void
ics_prop(STRING *out, const char *name, const char *value, int text)
{
	STRING		 line;
	const char	*p;
	size_t		 col = 0, i, n;

	string_init(&line);
	str_put(&line, name);
	str_putc(&line, ':');
	for (p = value ? value : ""; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (text && (c == '\\' || c == ';' || c == ',')) {
			str_putc(&line, '\\');
			str_putc(&line, (char)c);
		} else if (text && c == '\n')
			str_put(&line, "\\n");
		else if (c < 0x20 && c != '\t')
			continue;	/* CR of a CRLF, and what RFC 5545 forbids */
		else if (c == 0x7f)
			continue;
		else
			str_putc(&line, (char)c);
	}
	for (i = 0; i < (size_t)line.len; i += n) {
		/* a whole character: a lead byte and its continuation bytes */
		for (n = 1; i + n < (size_t)line.len &&
		    ((unsigned char)line.buf[i + n] & 0xC0) == 0x80; n++)
			;
		if (col + n > ICS_FOLD) {
			str_put(out, "\r\n ");
			col = 1;
		}
		str_putn(out, line.buf + i, (int)n);
		col += n;
	}
	str_put(out, "\r\n");
	string_clear(&line);
}

void
ics_time(STRING *out, const char *name, time_t t)
{
	struct tm tm;
	char	 buf[32];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
	ics_prop(out, name, buf, 0);
}

void
ics_open(STRING *out, const char *calname)
{
	str_put(out, "BEGIN:VCALENDAR\r\n");
	ics_prop(out, "PRODID", "-//Kametay//Kametay tickets//EN", 0);
	ics_prop(out, "VERSION", "2.0", 0);
	ics_prop(out, "CALSCALE", "GREGORIAN", 0);
	ics_prop(out, "METHOD", "PUBLISH", 0);
	if (calname != NULL) {
		ics_prop(out, "X-WR-CALNAME", calname, 1);
		/* how often a subscribed client should look again */
		ics_prop(out, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H", 0);
		ics_prop(out, "X-PUBLISHED-TTL", "PT1H", 0);
	}
}

void
ics_close(STRING *out)
{
	str_put(out, "END:VCALENDAR\r\n");
}

void
ics_vevent(STRING *out, const struct ics_ev *e)
{
	char	 buf[32];

	str_put(out, "BEGIN:VEVENT\r\n");
	ics_prop(out, "UID", e->uid, 0);
	ics_time(out, "DTSTAMP", e->stamp);
	ics_time(out, "DTSTART", e->start);
	ics_time(out, "DTEND", e->start + (time_t)e->minutes * 60);
	snprintf(buf, sizeof(buf), "%lld", (long long)e->seq);
	ics_prop(out, "SEQUENCE", buf, 0);
	ics_prop(out, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED", 0);
	ics_prop(out, "SUMMARY", e->summary, 1);
	if (e->location != NULL && *e->location != '\0')
		ics_prop(out, "LOCATION", e->location, 1);
	if (e->description != NULL && *e->description != '\0')
		ics_prop(out, "DESCRIPTION", e->description, 1);
	if (e->url != NULL)
		ics_prop(out, "URL", e->url, 0);
	ics_prop(out, "TRANSP", "OPAQUE", 0);
	str_put(out, "END:VEVENT\r\n");
}
