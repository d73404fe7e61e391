/*
 * Unit tests for the iCalendar writer (cgi/calendar.c): TEXT escaping,
 * line folding at 75 octets without splitting UTF-8 characters, CRLF line
 * ends, and a whole VCALENDAR with one VEVENT.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "notify/notify.h"

static char *
prop(const char *name, const char *value, int text)
{
	STRING out;

	string_init(&out);
	ics_prop(&out, name, value, text);
	return out.buf;
}

/* Undoes the folding: CRLF + one space goes. */
static char *
unfold(const char *s)
{
	char	*out = xstrdup(s), *o = out;

	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* Every line ends in CRLF and has at most 75 octets; continuations start with a space. */
static void
check_lines(const char *s)
{
	const char	*p = s, *e;
	int		 first = 1;

	while (*p != '\0') {
		e = strstr(p, "\r\n");
		ck_assert_ptr_nonnull(e);
		ck_assert_msg(e - p <= 75, "a line of %d octets: %.*s", (int)(e - p), (int)(e - p), p);
		ck_assert_ptr_null(memchr(p, '\n', (size_t)(e - p)));
		if (!first && *p == ' ')
			ck_assert_msg(((unsigned char)p[1] & 0xC0) != 0x80,
			    "a fold split a UTF-8 character");
		first = 0;
		p = e + 2;
	}
}

START_TEST(test_escape)
{
	char *s = prop("SUMMARY", "Rock, roll; and \\ more\nsecond line", 1);

	ck_assert_str_eq(s, "SUMMARY:Rock\\, roll\\; and \\\\ more\\nsecond line\r\n");
	free(s);
	/* CR of a CRLF goes, other control characters too; tabs stay */
	s = prop("DESCRIPTION", "a\r\nb\x01" "c\td\x7f", 1);
	ck_assert_str_eq(s, "DESCRIPTION:a\\nbc\td\r\n");
	free(s);
	/* not TEXT (a URI): no escaping */
	s = prop("URL", "https://x.test/a,b;c", 0);
	ck_assert_str_eq(s, "URL:https://x.test/a,b;c\r\n");
	free(s);
	s = prop("LOCATION", NULL, 1);
	ck_assert_str_eq(s, "LOCATION:\r\n");
	free(s);
}
END_TEST

START_TEST(test_fold_ascii)
{
	char	 v[200], *s, *u;

	memset(v, 'x', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	s = prop("DESCRIPTION", v, 1);
	check_lines(s);
	/* 12 + 199 octets: 75, then 74 after each leading space */
	ck_assert_int_eq(strncmp(s + 75, "\r\n x", 4), 0);
	u = unfold(s);
	ck_assert_int_eq(strncmp(u, "DESCRIPTION:", 12), 0);
	ck_assert_str_eq(u + 12 + 199, "\r\n");
	ck_assert_int_eq(strspn(u + 12, "x"), 199);
	free(u);
	free(s);
	/* "SUMMARY:" and 67 octets make exactly 75: no fold */
	memset(v, 'y', 67);
	v[67] = '\0';
	s = prop("SUMMARY", v, 1);
	ck_assert_uint_eq(strlen(s), 75 + 2);
	free(s);
}
END_TEST

START_TEST(test_fold_utf8)
{
	/* two- and three-byte characters over several lines */
	const char	*kk = "Абай Құнанбайұлының өлеңдері мен әндері — ұзын жол, ол 75 "
	    "октеттен әлдеқайда ұзын, сондықтан бүктелуі керек, әріп бөлінбей. €€€";
	const char	*want = "DESCRIPTION:Абай Құнанбайұлының өлеңдері мен әндері — ұзын "
	    "жол\\, ол 75 октеттен әлдеқайда ұзын\\, сондықтан бүктелуі керек\\, әріп "
	    "бөлінбей. €€€\r\n";
	char		*s = prop("DESCRIPTION", kk, 1), *u;

	check_lines(s);
	ck_assert_ptr_nonnull(strstr(s, "\r\n "));
	u = unfold(s);
	ck_assert_str_eq(u, want);
	free(u);
	free(s);
}
END_TEST

START_TEST(test_calendar)
{
	STRING		 out;
	struct ics_ev	 e;

	memset(&e, 0, sizeof(e));
	snprintf(e.uid, sizeof(e.uid), "ticket-ABC@kametay.test");
	e.stamp = 1700000000;		/* 2023-11-14T22:13:20Z */
	e.start = 1800000000;		/* 2027-01-15T08:00:00Z */
	e.minutes = 90;
	e.summary = "Concert";
	e.location = "Hall, Semey";
	e.description = "";
	e.url = "https://kametay.test/tickets/ABC";
	e.seq = 3;
	e.cancelled = 1;
	string_init(&out);
	ics_open(&out, "Kametay — my tickets");
	ics_vevent(&out, &e);
	ics_close(&out);
	check_lines(out.buf);
	ck_assert_int_eq(strncmp(out.buf, "BEGIN:VCALENDAR\r\nPRODID:", 24), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "\r\nX-WR-CALNAME:Kametay — my tickets\r\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "\r\nBEGIN:VEVENT\r\nUID:ticket-ABC@kametay.test\r\n"
	    "DTSTAMP:20231114T221320Z\r\nDTSTART:20270115T080000Z\r\nDTEND:20270115T093000Z\r\n"
	    "SEQUENCE:3\r\nSTATUS:CANCELLED\r\nSUMMARY:Concert\r\nLOCATION:Hall\\, Semey\r\n"
	    "URL:https://kametay.test/tickets/ABC\r\n"));
	ck_assert_ptr_null(strstr(out.buf, "DESCRIPTION"));	/* empty: left out */
	ck_assert_str_eq(out.buf + out.len - 42, "TRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	string_clear(&out);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("calendar");
	TCase	*tc = tcase_create("ics");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_fold_ascii);
	tcase_add_test(tc, test_fold_utf8);
	tcase_add_test(tc, test_calendar);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
