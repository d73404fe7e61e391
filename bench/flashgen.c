/*
 * flashgen — the flash sale's load generator (bench/03-flash-sale).
 *
 *   flashgen -c CONNS http PORT EVENT < buyers      lines: TOKEN SEAT SEAT
 *   flashgen -c CONNS sql SOCKET SQLFILE EVENT < buyers   lines: USER_ID SEAT SEAT
 *
 * Every buyer makes one purchase of two seats; CONNS threads take the next
 * buyer as soon as their last one is answered, all starting at one moment.
 * "http" posts to nginx on 127.0.0.1:PORT (POST /api/events/EVENT/purchase/,
 * a connection per buyer, as a thousand browsers would).  "sql" is the floor:
 * the same purchase as the SQL in SQLFILE, sent straight to MariaDB over one
 * connection per thread (user kametay, password in $FLASHGEN_DB_PASSWORD,
 * the worker's session settings), a deadlock retried as the worker retries it.
 *
 * Prints one line of name=value pairs: ok (201 / committed), conflict (409 /
 * rolled back: a seat was gone), other, seconds (all answers), soldout (the
 * last success), p50_ms, p99_ms (of every answer), cpu (this process's CPU
 * time over wall time times the cores: the generator's share of the machine).
 * Exit 1 on a usage or setup error.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <mysqld_error.h>

#define MAX_BUYERS	100000
#define MAX_STMTS	64
#define TX_TRIES	6

enum mode { MODE_HTTP, MODE_SQL };
enum outcome { OUT_OTHER, OUT_OK, OUT_CONFLICT };	/* OUT_OTHER first: a buyer never served */

struct buyer {
	char		 who[1024];	/* bearer token, or user id */
	long long	 seat[2];
	double		 ms;		/* latency of its answer */
	enum outcome	 out;
	double		 done;		/* seconds from the start to its answer */
};

static enum mode	 mode;
static struct buyer	*buyers;
static size_t		 nbuyers, next_buyer;
static int		 port;
static long long	 event;
static const char	*socket_path, *db_password;
static char		*stmts[MAX_STMTS];
static size_t		 nstmts;
static pthread_barrier_t start_line;
static struct timespec	 t0;
static char		 told;

static double
since(const struct timespec *a)
{
	struct timespec	 b;

	if (clock_gettime(CLOCK_MONOTONIC, &b) != 0)
		return 0;
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/* One purchase over HTTP: the status code, or 0 when the exchange failed. */
static int
http_buy(const struct buyer *b)
{
	struct sockaddr_in	 sa;
	char			 req[2048], resp[512], rest[4096];
	char			 body[128];
	int			 fd, n, blen, status = 0;
	size_t			 off = 0, len;
	ssize_t			 r;

	blen = snprintf(body, sizeof(body), "{\"seats\": [%lld, %lld]}", b->seat[0], b->seat[1]);
	n = snprintf(req, sizeof(req), "POST /api/events/%lld/purchase/ HTTP/1.1\r\n"
	    "Host: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: %d\r\n"
	    "Connection: close\r\n\r\n%s", event, port, b->who, blen, body);
	if (blen < 0 || (size_t)blen >= sizeof(body) || n < 0 || (size_t)n >= sizeof(req))
		return 0;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto out;
	len = (size_t)n;
	while (off < len) {
		if ((r = write(fd, req + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		off += (size_t)r;
	}
	/* the status line is in the first bytes; the rest is read to EOF */
	off = 0;
	for (;;) {
		if (off < sizeof(resp) - 1)
			r = read(fd, resp + off, sizeof(resp) - 1 - off);
		else
			r = read(fd, rest, sizeof(rest));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		if (off < sizeof(resp) - 1)
			off += (size_t)r;
	}
	resp[off] = '\0';
	if (sscanf(resp, "HTTP/1.%*d %d", &status) != 1)
		status = 0;
out:
	if (close(fd) != 0)
		status = 0;
	return status;
}

/* Sets the buyer's variables for SQLFILE's statements. */
static int
sql_vars(MYSQL *db, const struct buyer *b, unsigned long cart)
{
	char	 q[512];
	int	 n;

	n = snprintf(q, sizeof(q), "SET @ev = %lld, @uid = %lld, @buyer = 'u:%lld', "
	    "@cart = 'flash%lld-%lu', @s1 = %lld, @s2 = %lld, @c1 = 'F%lld-%lld', "
	    "@c2 = 'F%lld-%lld'", event, atoll(b->who), atoll(b->who), event, cart,
	    b->seat[0], b->seat[1], event, b->seat[0], event, b->seat[1]);
	if (n < 0 || (size_t)n >= sizeof(q))
		return -1;
	return mysql_real_query(db, q, (unsigned long)n) == 0 ? 0 : -1;
}

/*
 * One try of the purchase's transaction.  OUT_OK when committed,
 * OUT_CONFLICT when a seat or the capacity was gone (rolled back), and
 * OUT_OTHER on an error, with *deadlock set when it is worth a retry.
 */
static enum outcome
sql_try(MYSQL *db, const struct buyer *b, unsigned long cart, int *deadlock)
{
	MYSQL_RES	*res;
	size_t		 i;
	unsigned int	 err;
	my_ulonglong	 got;

	*deadlock = 0;
	if (sql_vars(db, b, cart) != 0)
		return OUT_OTHER;
	for (i = 0; i < nstmts; i++) {
		if (mysql_query(db, stmts[i]) != 0) {
			err = mysql_errno(db);
			/* the first error of a kind the sale does not expect is shown */
			if (err != ER_DUP_ENTRY && err != ER_LOCK_DEADLOCK &&
			    !__atomic_test_and_set(&told, __ATOMIC_RELAXED))
				fprintf(stderr, "flashgen: %s\n  in: %.200s\n", mysql_error(db),
				    stmts[i]);
			if (mysql_query(db, "ROLLBACK") != 0)
				return OUT_OTHER;
			if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT) {
				*deadlock = 1;
				return OUT_OTHER;
			}
			return err == ER_DUP_ENTRY ? OUT_CONFLICT : OUT_OTHER;
		}
		if ((res = mysql_store_result(db)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(db) != 0)
			return OUT_OTHER;
		got = mysql_affected_rows(db);
		/* the holds and the final conditional update decide, as in orders.c */
		if ((strncmp(stmts[i], "INSERT INTO holds", 17) == 0 && got != 2) ||
		    (strncmp(stmts[i], "UPDATE events", 13) == 0 && got != 1)) {
			if (mysql_query(db, "ROLLBACK") != 0)
				return OUT_OTHER;
			return OUT_CONFLICT;
		}
	}
	return OUT_OK;
}

static void *
worker(void *arg)
{
	MYSQL		*db = NULL;
	struct buyer	*b;
	struct timespec	 t;
	size_t		 i;
	int		 status, attempt, deadlock, failed = 0;
	unsigned int	 seed = (unsigned int)(uintptr_t)&seed;

	(void)arg;
	if (mode == MODE_SQL) {
		/* the worker's session (db/db.c), in the server's collation */
		if ((db = mysql_init(NULL)) == NULL ||
		    mysql_options(db, MYSQL_INIT_COMMAND,
		    "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci, time_zone = '+00:00', "
		    "tx_isolation = 'READ-COMMITTED', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
		    "NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'") != 0 ||
		    mysql_real_connect(db, NULL, "kametay", db_password, "kametay", 0,
		    socket_path, 0) == NULL) {
			fprintf(stderr, "flashgen: MariaDB: %s\n", db ? mysql_error(db) : "no memory");
			failed = 1;
		}
	}
	/* every thread waits here, a failed one too, so none is left at the line */
	status = pthread_barrier_wait(&start_line);
	if (status != 0 && status != PTHREAD_BARRIER_SERIAL_THREAD)
		failed = 1;
	while (!failed && (i = __atomic_fetch_add(&next_buyer, 1, __ATOMIC_RELAXED)) < nbuyers) {
		b = &buyers[i];
		if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
			break;
		if (mode == MODE_HTTP) {
			status = http_buy(b);
			b->out = status == 201 ? OUT_OK : status == 409 ? OUT_CONFLICT : OUT_OTHER;
		} else {
			for (attempt = 0; attempt < TX_TRIES; attempt++) {
				b->out = sql_try(db, b, (unsigned long)i, &deadlock);
				if (!deadlock)
					break;
				if (usleep(1000 + 40 * (useconds_t)(rand_r(&seed) % 256) *
				    (useconds_t)(attempt + 1)) != 0)
					break;
			}
		}
		b->ms = since(&t) * 1000;
		b->done = since(&t0);
	}
	if (db != NULL)
		mysql_close(db);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const double *v, size_t n, double p)
{
	size_t	 i;

	if (n == 0)
		return 0;
	i = (size_t)(p / 100 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* SQLFILE: statements ended by ';' at a line's end; lines starting "--" skipped. */
static int
load_sql(const char *path)
{
	FILE	*f;
	char	 line[4096], *cur = NULL, *grown;
	size_t	 len = 0, l;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "flashgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "--", 2) == 0 || line[0] == '\n')
			continue;
		l = strlen(line);
		if ((grown = realloc(cur, len + l + 1)) == NULL)
			break;
		cur = grown;
		memcpy(cur + len, line, l + 1);
		len += l;
		while (len > 0 && (cur[len - 1] == '\n' || cur[len - 1] == ' '))
			cur[--len] = '\0';
		if (len > 0 && cur[len - 1] == ';') {
			cur[--len] = '\0';
			if (nstmts == MAX_STMTS)
				break;
			stmts[nstmts++] = cur;
			cur = NULL;
			len = 0;
		} else if (len > 0)
			cur[len++] = ' ';
	}
	if (ferror(f) || !feof(f) || cur != NULL) {
		fprintf(stderr, "flashgen: %s: unreadable, too long or a statement without ';'\n",
		    path);
		free(cur);
		(void)fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: flashgen -c CONNS http PORT EVENT < buyers\n"
	    "       flashgen -c CONNS sql SOCKET SQLFILE EVENT < buyers\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	pthread_t	*th;
	struct rusage	 ru;
	double		*lat, wall, cpu, soldout = 0;
	size_t		 i, ok = 0, conflict = 0, other = 0;
	long		 cores;
	int		 ch, conns = 16;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c' || (conns = atoi(optarg)) < 1 || conns > 4096)
			usage();
	}
	argc -= optind;
	argv += optind;
	if (argc == 3 && strcmp(argv[0], "http") == 0) {
		mode = MODE_HTTP;
		port = atoi(argv[1]);
		event = atoll(argv[2]);
	} else if (argc == 4 && strcmp(argv[0], "sql") == 0) {
		mode = MODE_SQL;
		socket_path = argv[1];
		event = atoll(argv[3]);
		if ((db_password = getenv("FLASHGEN_DB_PASSWORD")) == NULL) {
			fprintf(stderr, "flashgen: set FLASHGEN_DB_PASSWORD\n");
			return 1;
		}
		if (load_sql(argv[2]) != 0)
			return 1;
		if (mysql_library_init(0, NULL, NULL) != 0) {
			fprintf(stderr, "flashgen: mysql_library_init failed\n");
			return 1;
		}
	} else
		usage();
	if (event <= 0)
		usage();

	if ((buyers = calloc(MAX_BUYERS, sizeof(*buyers))) == NULL ||
	    (th = calloc((size_t)conns, sizeof(*th))) == NULL) {
		fprintf(stderr, "flashgen: out of memory\n");
		return 1;
	}
	while (nbuyers < MAX_BUYERS && scanf("%1023s %lld %lld", buyers[nbuyers].who,
	    &buyers[nbuyers].seat[0], &buyers[nbuyers].seat[1]) == 3)
		nbuyers++;
	if (nbuyers == 0 || !feof(stdin)) {
		fprintf(stderr, "flashgen: no buyers, or a bad line, on standard input\n");
		return 1;
	}

	if (pthread_barrier_init(&start_line, NULL, (unsigned)conns + 1) != 0) {
		fprintf(stderr, "flashgen: pthread_barrier_init failed\n");
		return 1;
	}
	for (i = 0; i < (size_t)conns; i++) {
		if (pthread_create(&th[i], NULL, worker, NULL) != 0) {
			fprintf(stderr, "flashgen: pthread_create failed\n");
			return 1;
		}
	}
	if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0)
		return 1;
	ch = pthread_barrier_wait(&start_line);
	if (ch != 0 && ch != PTHREAD_BARRIER_SERIAL_THREAD)
		return 1;
	if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0)
		return 1;
	for (i = 0; i < (size_t)conns; i++) {
		if (pthread_join(th[i], NULL) != 0)
			return 1;
	}
	wall = since(&t0);
	if (getrusage(RUSAGE_SELF, &ru) != 0 || (cores = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		return 1;
	cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;

	if ((lat = calloc(nbuyers, sizeof(*lat))) == NULL)
		return 1;
	for (i = 0; i < nbuyers; i++) {
		lat[i] = buyers[i].ms;
		if (buyers[i].out == OUT_OK) {
			ok++;
			if (buyers[i].done > soldout)
				soldout = buyers[i].done;
		} else if (buyers[i].out == OUT_CONFLICT)
			conflict++;
		else
			other++;
	}
	qsort(lat, nbuyers, sizeof(*lat), cmp_double);
	printf("ok=%zu conflict=%zu other=%zu seconds=%.3f soldout=%.3f p50_ms=%.1f "
	    "p99_ms=%.1f cpu=%.3f\n", ok, conflict, other, wall, soldout,
	    pct(lat, nbuyers, 50), pct(lat, nbuyers, 99), cpu / (wall * (double)cores));
	if (mode == MODE_SQL)
		mysql_library_end();
	return 0;
}
