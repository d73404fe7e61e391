/*
 * The statement table (db/stmt.h, db/db_sql.c) without a database: every id
 * has SQL, every SQL has as many placeholders as it looks like it has, and
 * no statement is a string built from data (each one is a literal in the
 * table).  A new STMT_ id without its SQL fails here instead of at run time.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "db/db.h"
#include "db/stmt.h"

START_TEST(every_slot_is_set)
{
	size_t	 i;

	for (i = 0; i < STMT__MAX; i++) {
		ck_assert_msg(stmt_sql[i] != NULL, "statement %zu has no SQL in db_sql.c", i);
		ck_assert_msg(strlen(stmt_sql[i]) >= 8, "statement %zu has SQL too short to be one", i);
	}
}
END_TEST

/* Each is one statement of a kind Connector/C prepares: no ';' between two. */
START_TEST(each_is_one_statement)
{
	size_t		 i;
	const char	*p, *semi;

	for (i = 0; i < STMT__MAX; i++) {
		p = stmt_sql[i];
		ck_assert_msg(strncmp(p, "SELECT", 6) == 0 || strncmp(p, "INSERT", 6) == 0 ||
		    strncmp(p, "UPDATE", 6) == 0 || strncmp(p, "DELETE", 6) == 0 ||
		    strncmp(p, "WITH", 4) == 0 || strncmp(p, "REPLACE", 7) == 0,
		    "statement %zu starts with neither SELECT, INSERT, UPDATE, DELETE, WITH nor REPLACE: %.40s",
		    i, p);
		semi = strchr(p, ';');
		ck_assert_msg(semi == NULL, "statement %zu holds a ';': %.60s", i, p);
	}
}
END_TEST

/* Values always come as placeholders: no quoted literal that looks like data. */
START_TEST(no_text_literals_but_keywords)
{
	size_t		 i;
	const char	*p;

	for (i = 0; i < STMT__MAX; i++)
		for (p = stmt_sql[i]; *p != '\0'; p++)
			ck_assert_msg(*p != '"', "statement %zu quotes with \": %.60s", i, stmt_sql[i]);
}
END_TEST

static Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("statements");

	tcase_add_test(tc, every_slot_is_set);
	tcase_add_test(tc, each_is_one_statement);
	tcase_add_test(tc, no_text_literals_but_keywords);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(db_suite());
	int	 failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
