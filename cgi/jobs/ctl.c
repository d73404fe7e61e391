/*
 * kametay-ctl: administrative commands run from a shell.
 *
 *   seed            demo data on an empty database; prints the accounts
 *   hash-password   reads a password on stdin, prints its yescrypt hash
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/password.h"
#include "lib/render.h"
#include "lib/util.h"

/* Local date today + days at hh:mm in the site zone, as a UTC DATETIME. */
static void
local_in_days(int days, int hh, int mm, char *out, size_t len)
{
	time_t		 now = time(NULL), t;
	struct tm	 tm;

	localtime_r(&now, &tm);
	tm.tm_mday += days;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
}

struct demo_user {
	const char	*email, *first, *last, *role, *lang;
	int		 age;
};

static const struct demo_user demo_users[] = {
	{ "admin@kametay.test", "Aigerim", "Admin", "admin", "en", 35 },
	{ "organiser@kametay.test", "Nurlan", "Organiser", "organiser", "ru", 41 },
	{ "attendee@kametay.test", "Dana", "Attendee", "attendee", "kk", 27 },
};

struct demo_event {
	const char	*name, *desc;
	int		 venue;		/* 0 = the theatre (seated), 1 = the open stage */
	int		 days, hh, duration;
	int64_t		 prices[3];	/* A, B, C for seated; [0] for general admission */
	int		 capacity;	/* general admission only */
};

static const struct demo_event demo_events[] = {
	{ "Abai: an evening of songs and poems",
	  "Songs on Abai Kunanbayev's words and readings of his Words of Edification, "
	  "performed by the theatre's company with a dombra ensemble.",
	  0, 5, 19, 120, { 500000, 350000, 200000 }, 0 },
	{ "Kyz Zhibek — opera in concert",
	  "Yevgeny Brusilovsky's opera on the Kazakh epic, with soloists of the "
	  "Astana Opera and the Semey chamber orchestra.",
	  0, 12, 18, 150, { 800000, 600000, 400000 }, 0 },
	{ "Semey Jazz Night",
	  "Three bands from Semey, Oskemen and Almaty on the open stage by the Irtysh.",
	  1, 8, 20, 180, { 300000 }, 1500 },
	{ "Children's matinee: The Golden Tortoise",
	  "A puppet show in Kazakh and Russian for children from 4 years.",
	  0, 15, 11, 60, { 200000, 150000, 100000 }, 0 },
	{ "Dombra Fest Semey",
	  "Kuis by Kurmangazy, Dina Nurpeisova and Tattimbet played by young dombra "
	  "players of the region, with a masterclass before the concert.",
	  1, 21, 17, 150, { 150000 }, 1500 },
	{ "Chekhov: The Seagull",
	  "The theatre's Russian company in a new staging of Chekhov's comedy.",
	  0, 30, 19, 165, { 450000, 300000, 180000 }, 0 },
};

static int
seed(HDF *conf)
{
	struct db	*db;
	struct dbres	*res = NULL;
	char		*pw[3] = { NULL, NULL, NULL }, *hash;
	uint64_t	 uid[3], venue[2], sec, ev;
	char		 when[32], row[12], seat[12];	/* any int: -O1 (the sanitizer build) checks */
	size_t		 i, j;
	int		 r, s, ok = 0;
	enum db_rc	 rc;

	setenv("TZ", conf_str(conf, "Site.TimeZone", "Asia/Almaty"), 1);
	tzset();
	if ((db = db_open(conf)) == NULL || !db_connected(db)) {
		fprintf(stderr, "seed: cannot reach the database (is MariaDB running?)\n");
		db_close(db);
		return 1;
	}
	if (db_query(db, STMT_USER_COUNT, &res, "") != DB_OK) {
		db_close(db);
		return 1;
	}
	if (dbres_int(res, 0, "n") > 0) {
		dbres_free(res);
		db_close(db);
		return 0;	/* already seeded: keep the data */
	}
	dbres_free(res);

	if (db_begin(db) != DB_OK)
		goto out;
	for (i = 0; i < 3; i++) {
		if ((pw[i] = random_token(9)) == NULL || (hash = password_hash(pw[i])) == NULL)
			goto out;
		rc = db_exec(db, STMT_USER_ADD_DEMO, NULL, &uid[i], "ssssiss",
		    demo_users[i].email, hash, demo_users[i].first, demo_users[i].last,
		    (int64_t)demo_users[i].age, demo_users[i].role, demo_users[i].lang);
		free(hash);
		if (rc != DB_OK)
			goto out;
	}
	/* the theatre: parterre 12 rows x 20 and balcony 4 rows x 20 = 320 seats */
	if (db_exec(db, STMT_VENUE_ADD, NULL, &venue[0], "isssiii", (int64_t)uid[1],
	    "Abai Drama Theatre — Main Hall", "theatre",
	    "Abai Kunanbayev St 1, Semey", (int64_t)320, (int64_t)1, (int64_t)4000000) != DB_OK)
		goto out;
	for (j = 0; j < 2; j++) {
		int rows = j == 0 ? 12 : 4;

		if (db_exec(db, STMT_SECTION_ADD, NULL, &sec, "isi", (int64_t)venue[0],
		    j == 0 ? "Parterre" : "Balcony", (int64_t)j) != DB_OK)
			goto out;
		for (r = 1; r <= rows; r++)
			for (s = 1; s <= 20; s++) {
				const char *cat = j == 1 ? "C" : r <= 5 ? "A" : "B";
				/* a gentle curve: the ends of each row come forward */
				int x = s * 30 + (s > 10 ? 30 : 0);
				int y = (int)j * 460 + r * 32 + ((s - 10) * (s - 11)) / 6;

				snprintf(row, sizeof(row), "%d", r);
				snprintf(seat, sizeof(seat), "%d", s);
				if (db_exec(db, STMT_SEAT_ADD, NULL, NULL, "iissiis",
				    (int64_t)venue[0], (int64_t)sec, row, seat, (int64_t)x,
				    (int64_t)y, cat) != DB_OK)
					goto out;
			}
	}
	if (db_exec(db, STMT_VENUE_ADD, NULL, &venue[1], "isssiii", (int64_t)uid[1],
	    "Irtysh Embankment Open Stage", "open-air",
	    "Irtysh Embankment, Shakarim Ave, Semey", (int64_t)1500, (int64_t)0,
	    (int64_t)2500000) != DB_OK)
		goto out;

	for (i = 0; i < sizeof(demo_events) / sizeof(demo_events[0]); i++) {
		const struct demo_event *e = &demo_events[i];
		int seated = e->venue == 0;

		local_in_days(e->days, e->hh, 0, when, sizeof(when));
		if (db_exec(db, STMT_EVENT_ADD, NULL, &ev, "iissssiiisis", (int64_t)uid[1],
		    (int64_t)venue[e->venue], (const char *)NULL, e->name, e->desc, when,
		    (int64_t)e->duration, (int64_t)seated,
		    (int64_t)(seated ? 320 : e->capacity), "KZT", (int64_t)4,
		    "published") != DB_OK)
			goto out;
		for (j = 0; j < (seated ? 3u : 1u); j++) {
			static const char *const cats[] = { "A", "B", "C" };

			if (db_exec(db, STMT_EVENT_PRICE_ADD, NULL, NULL, "isi", (int64_t)ev,
			    seated ? cats[j] : "GA", e->prices[j]) != DB_OK)
				goto out;
		}
	}
	if (db_commit(db) != DB_OK)
		goto out;
	ok = 1;
	printf("Demo accounts (change these passwords before going live):\n");
	for (i = 0; i < 3; i++)
		printf("  %-10s %-26s %s\n", demo_users[i].role, demo_users[i].email, pw[i]);
out:
	if (!ok) {
		db_rollback(db);
		fprintf(stderr, "seed: failed; see the lines above\n");
	}
	for (i = 0; i < 3; i++)
		free(pw[i]);
	db_close(db);
	return ok ? 0 : 1;
}

static int
hash_stdin(void)
{
	char	 buf[1024], *h;

	if (fgets(buf, sizeof(buf), stdin) == NULL)
		return 1;
	buf[strcspn(buf, "\r\n")] = '\0';
	if ((h = password_hash(buf)) == NULL)
		return 1;
	puts(h);
	free(h);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

int
main(int argc, char *argv[])
{
	HDF	*conf;
	int	 rc;

	if (argc == 2 && strcmp(argv[1], "hash-password") == 0)
		return hash_stdin();
	if (argc != 4 || strcmp(argv[1], "-c") != 0 || strcmp(argv[3], "seed") != 0) {
		fprintf(stderr, "usage: kametay-ctl -c CONFIG seed\n"
		    "       kametay-ctl hash-password < password\n");
		return 2;
	}
	if ((conf = config_load(argv[2])) == NULL)
		return 1;
	rc = seed(conf);
	hdf_destroy(&conf);
	return rc;
}
