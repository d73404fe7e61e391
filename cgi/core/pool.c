/*
 * kametay-fcgi: the FastCGI worker pool.
 *
 * The master opens (or inherits) the listening socket, forks Pool.Workers
 * workers and then only supervises: a worker that dies is replaced at
 * once; SIGHUP re-reads the configuration and starts a fresh generation of
 * workers (which read the templates anew) before the old one is told to
 * finish; SIGTERM lets in-flight requests finish, then exits.
 *
 * A worker serves one request at a time.  SIGTERM is blocked while it
 * handles a request and open only while it waits in FCGX_Accept_r (with
 * FCGI_FAIL_ACCEPT_ON_INTR), so a stop never cuts a request short.  A
 * signal that lands just before the wait is not lost for long: the master
 * repeats it until the worker is gone.
 */
#include "config.h"

#include <sys/prctl.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core/core.h"
#include "core/pagecache.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/util.h"
#include "core/app.h"

static volatile sig_atomic_t got_term, got_hup, got_chld;

static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: the wait in accept must end */
	if (sigaction(sig, &sa, NULL) != 0)
		klog("sigaction %d: %s", sig, strerror(errno));
}

/* ---- the FastCGI side of struct http_io -------------------------------- */

/*
 * cgi_init asks for some forty variables by name, and libfcgi's
 * FCGX_GetParam scans the whole environment with strncmp for each: an
 * index of the request's environment (open addressing over a hash of the
 * name), built once per request, answers each in one or two probes.
 */
#define ENVIX_SLOTS	256	/* a power of two, well above nginx's ~40 params */

struct envix_slot {
	const char	*name;	/* into envp: "NAME=value" */
	size_t		 len;	/* of NAME */
};

struct fc_ctx {
	FCGX_Request	*rq;		/* the request being served */
	struct envix_slot slot[ENVIX_SLOTS];
	int		 indexed;	/* 0: too many variables, scan instead */
};

/*
 * The length and four letters, not every byte: ClearSilver asks for a
 * hundred-odd names per request, most of them absent, and a hash over each
 * whole name cost more than the scan it replaced.  Names that collide are
 * told apart by memcmp.
 */
static unsigned
envix_hash(const char *s, size_t n)
{
	unsigned h = (unsigned)n * 2654435761u;

	if (n == 0)
		return h;
	h ^= (unsigned char)s[0] * 31u;
	h ^= (unsigned)(unsigned char)s[n - 1] << 5;
	h ^= (unsigned)(unsigned char)s[n / 2] << 11;
	h ^= (unsigned)(unsigned char)s[(n * 3) / 4] << 17;
	return h ^ (h >> 13);
}

static void
envix_build(struct fc_ctx *c)
{
	char		**e;
	const char	*eq;
	unsigned	 h;
	size_t		 n = 0;

	memset(c->slot, 0, sizeof(c->slot));
	c->indexed = 0;
	for (e = c->rq->envp; e != NULL && *e != NULL; e++) {
		if ((eq = strchr(*e, '=')) == NULL)
			continue;
		if (++n > ENVIX_SLOTS / 2)
			return;	/* a crowded table: FCGX_GetParam's scan */
		h = envix_hash(*e, (size_t)(eq - *e)) & (ENVIX_SLOTS - 1);
		while (c->slot[h].name != NULL) {
			/* the first of a repeated name wins, as in FCGX_GetParam */
			if (c->slot[h].len == (size_t)(eq - *e) &&
			    memcmp(c->slot[h].name, *e, c->slot[h].len) == 0)
				break;
			h = (h + 1) & (ENVIX_SLOTS - 1);
		}
		if (c->slot[h].name == NULL) {
			c->slot[h].name = *e;
			c->slot[h].len = (size_t)(eq - *e);
		}
	}
	c->indexed = 1;
}

static char *
fc_getenv(void *ctx, const char *name)
{
	struct fc_ctx	*c = ctx;
	size_t		 len = strlen(name);
	unsigned	 h;
	char		*v;

	if (!c->indexed) {
		v = FCGX_GetParam(name, c->rq->envp);
		return v == NULL ? NULL : xstrdup(v);
	}
	for (h = envix_hash(name, len) & (ENVIX_SLOTS - 1); c->slot[h].name != NULL;
	    h = (h + 1) & (ENVIX_SLOTS - 1))
		if (c->slot[h].len == len && memcmp(c->slot[h].name, name, len) == 0)
			return xstrdup(c->slot[h].name + len + 1);
	return NULL;
}

static int
fc_iterenv(void *ctx, int n, char **k, char **v)
{
	FCGX_Request	*rq = ((struct fc_ctx *)ctx)->rq;
	const char	*e, *eq;
	int		 i;

	*k = *v = NULL;
	for (i = 0; i < n; i++)
		if (rq->envp[i] == NULL)
			return 0;
	if ((e = rq->envp[n]) == NULL || (eq = strchr(e, '=')) == NULL)
		return 0;
	*k = strndup(e, (size_t)(eq - e));
	*v = xstrdup(eq + 1);
	return *k == NULL ? 1 : 0;
}

static int
fc_read(void *ctx, char *buf, int len)
{
	return FCGX_GetStr(buf, len, ((struct fc_ctx *)ctx)->rq->in);
}

static int
fc_write(void *ctx, const char *buf, int len)
{
	return FCGX_PutStr(buf, len, ((struct fc_ctx *)ctx)->rq->out);
}

/* ---- worker ------------------------------------------------------------ */

/* the pages, from main */
static const struct route *pool_routes;
static size_t	 pool_nroutes;

/*
 * Who the workers run as: started as root, Pool.User (default nobody) and
 * its group; "root" keeps root (and says so).  Started as anyone else, the
 * workers stay that user.  Resolved by the master once per configuration.
 */
struct runas {
	int	 drop;
	uid_t	 uid;
	gid_t	 gid;
	char	*name;
};
static struct runas	 pool_runas;

static int
runas_resolve(HDF *conf, struct runas *ra)
{
	const char	*name = conf_str(conf, "Pool.User", "nobody");
	struct passwd	*pw;

	free(ra->name);
	memset(ra, 0, sizeof(*ra));
	if (geteuid() != 0)
		return 0;
	if (strcmp(name, "root") == 0) {
		klog("Pool.User is root: the workers keep root's rights");
		return 0;
	}
	if ((pw = getpwnam(name)) == NULL || pw->pw_uid == 0) {
		klog("Pool.User %s: no such user (or it is root)", name);
		return -1;
	}
	ra->drop = 1;
	ra->uid = pw->pw_uid;
	ra->gid = pw->pw_gid;
	ra->name = xstrdup(name);
	return 0;
}

/*
 * A worker gives up root once the configuration, templates, secret and
 * database connection are in hand (all read as root): what it opens from
 * then on (uploads, temporary files, a reconnect) it opens as the user.
 * 0, or -1 when a step failed: such a worker must not serve.
 */
static int
runas_drop(HDF *conf, const struct runas *ra)
{
	const char	*dirs[2];
	char		*up;
	struct stat	 st;
	size_t		 i;

	if (!ra->drop)
		return 0;
	/* the directories workers write to: theirs when root made them (app_init) */
	up = xasprintf("%s/uploads/events", conf_str(conf, "Paths.Var", "var"));
	dirs[0] = up;
	dirs[1] = conf_str(conf, "Paths.UploadTmp", "/tmp");
	for (i = 0; i < 2; i++)
		if (stat(dirs[i], &st) == 0 && st.st_uid == 0 && strcmp(dirs[i], "/tmp") != 0 &&
		    chown(dirs[i], ra->uid, ra->gid) != 0)
			klog("chown %s to %s: %s", dirs[i], ra->name, strerror(errno));
	free(up);
	if (initgroups(ra->name, ra->gid) != 0 || setgid(ra->gid) != 0 ||
	    setuid(ra->uid) != 0) {
		klog("worker: cannot become %s: %s", ra->name, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0 || geteuid() == 0) {
		klog("worker: still able to become root after dropping to %s", ra->name);
		return -1;
	}
	/* a change of credentials clears the parent-death signal */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	return getppid() == 1 ? -1 : 0;
}

/*
 * A worker serves one request at a time, but may keep several connections
 * open (FCGI_KEEP_CONN: nginx's upstream keepalive), up to Pool.KeptPerWorker.
 * It waits for the next request in one ppoll over the listening socket and
 * every kept connection, with SIGTERM deliverable only there: never inside
 * a read, where a signal closed a connection the web server may already
 * have sent a request on (nginx does not resend a POST whose connection
 * closed under it -- the buyer got 502).  Whichever is readable is served:
 * a kept connection's next request, or a new connection, accepted without
 * blocking (the listening socket is O_NONBLOCK, so a worker that loses the
 * race for it to another goes back to its own connections at once).  A
 * connection held open but idle therefore never blocks the worker, which
 * was the head-of-line blocking of one connection per worker.
 *
 * A retiring worker (SIGTERM: a reload or a stop) accepts nothing new and
 * serves what arrives on its connections until the web server closes them:
 * a close from our side races with a request nginx is sending on the idle
 * connection (a reload under load lost POSTs that way: 502/503), while
 * nginx closes a kept connection only when it is not using it.  Its
 * upstream keepalive_timeout (2 s) and keepalive_time (5 s) bound that
 * wait; KEEP_DRAIN_MAX_S ends it for a server that keeps connections longer.
 */
#define KEEP_DRAIN_MAX_S	8
#define KEEP_MAX		256

/* One request from rq's connection, served; the connection is closed when done with. */
static void
serve(struct app *app, struct fc_ctx *fc, FCGX_Request *rq)
{
	struct http_io	 io = { fc, fc_getenv, fc_iterenv, fc_read, fc_write };
	ssize_t		 got;
	char		 c;

	/* the web server's close of a kept connection: EOF, nothing to read */
	got = recv(rq->ipcFd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
		FCGX_Free(rq, 1);
		return;
	}
	if (got < 0)
		return;	/* woken with nothing to read yet */
	/*
	 * A connection is open, so libfcgi reads its next request (its
	 * FCGX_Finish_r of the last one must not close a new connection:
	 * keepConnection until the request's own flags say).  When the read
	 * fails it closes the connection and tries the listening socket, which,
	 * non-blocking, answers EAGAIN or hands it a new one.
	 */
	rq->keepConnection = 1;
	if (FCGX_Accept_r(rq) < 0) {
		FCGX_Free(rq, 1);
		return;
	}
	fc->rq = rq;
	envix_build(fc);
	http_handle(app, &io);
	FCGX_Finish_r(rq);	/* closes the connection unless the server keeps it */
}

static int
worker_main(HDF *conf, int listen_fd)
{
	struct app	 app;
	static struct fc_ctx fc;
	FCGX_Request	*conns = NULL;
	struct pollfd	*pfd = NULL;
	int		*owner = NULL;
	sigset_t	 term, none;
	struct timespec	 drain = { 0, 250 * 1000000L };	/* to look at the clock */
	time_t		 term_at = 0;
	size_t		 i, n, kept, nconn;
	int		 rc, ret = 1, fd;

	/* a worker must not outlive its master */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	set_handler(SIGTERM, on_signal);
	set_handler(SIGINT, on_signal);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &term, NULL);

	nconn = (size_t)conf_int(conf, "Pool.KeptPerWorker", 32);
	nconn = nconn < 1 ? 1 : nconn > KEEP_MAX ? KEEP_MAX : nconn;
	if (app_init(&app, conf) != 0) {
		klog("worker: cannot start; see the lines above");
		goto out;
	}
	app.routes = pool_routes;
	app.nroutes = pool_nroutes;
	if (runas_drop(conf, &pool_runas) != 0)
		goto out;
	if ((conns = calloc(nconn, sizeof(*conns))) == NULL ||
	    (pfd = calloc(nconn + 1, sizeof(*pfd))) == NULL ||
	    (owner = calloc(nconn + 1, sizeof(*owner))) == NULL) {
		klog("worker: out of memory");
		goto out;
	}
	for (i = 0; i < nconn; i++)
		if (FCGX_InitRequest(&conns[i], listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
			klog("FCGX_InitRequest failed");
			goto out;
		}
	for (;;) {
		/* the kept connections, then the listening socket while a slot is free */
		for (i = n = kept = 0; i < nconn; i++)
			if (conns[i].ipcFd >= 0) {
				pfd[n].fd = conns[i].ipcFd;
				pfd[n].events = POLLIN;
				pfd[n].revents = 0;
				owner[n++] = (int)i;
				kept++;
			}
		if (!got_term && kept < nconn) {
			pfd[n].fd = listen_fd;
			pfd[n].events = POLLIN;
			pfd[n].revents = 0;
			owner[n++] = -1;
		}
		if (got_term) {
			if (term_at == 0)
				term_at = time(NULL);
			if (kept == 0 || time(NULL) - term_at >= KEEP_DRAIN_MAX_S)
				break;
			/* draining: signals stay blocked; the server's closes end it */
			rc = ppoll(pfd, n, &drain, NULL);
			if (rc == 0)
				continue;
		} else
			rc = ppoll(pfd, n, NULL, &none);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			klog("worker: poll: %s; restarting", strerror(errno));
			break;
		}
		for (i = 0; i < n; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (owner[i] >= 0) {
				serve(&app, &fc, &conns[owner[i]]);
				continue;
			}
			if (got_term)
				continue;
			if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
				if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
				    errno != ECONNABORTED && errno != EPROTO)
					klog("worker: accept: %s", strerror(errno));
				continue;
			}
			for (kept = 0; kept < nconn && conns[kept].ipcFd >= 0; kept++)
				;
			conns[kept].ipcFd = fd;	/* a slot is free: the socket was polled */
			serve(&app, &fc, &conns[kept]);
		}
	}
	ret = 0;
out:
	if (conns != NULL)
		for (i = 0; i < nconn; i++)
			FCGX_Free(&conns[i], 1);
	free(conns);
	free(pfd);
	free(owner);
	app_free(&app);
	return ret;
}

/* ---- master ------------------------------------------------------------ */

struct child {
	pid_t	 pid;
	unsigned gen;
	time_t	 started;
};

static struct child	*kids;
static size_t		 nkids;

static pid_t
spawn(HDF *conf, int listen_fd, unsigned gen)
{
	pid_t	 pid;
	size_t	 i;

	if ((pid = fork()) < 0) {
		klog("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		free(kids);
		exit(worker_main(conf, listen_fd));
	}
	for (i = 0; i < nkids; i++)
		if (kids[i].pid == 0)
			break;
	if (i == nkids) {
		struct child *n = realloc(kids, (nkids + 1) * sizeof(*n));

		if (n == NULL)
			abort();
		kids = n;
		nkids++;
	}
	kids[i].pid = pid;
	kids[i].gen = gen;
	kids[i].started = time(NULL);
	return pid;
}

static size_t
count_gen(unsigned gen, int all)
{
	size_t	 i, n = 0;

	for (i = 0; i < nkids; i++)
		if (kids[i].pid != 0 && (all || kids[i].gen == gen))
			n++;
	return n;
}

static void
signal_gen(unsigned gen, int all, int sig)
{
	size_t	 i;

	for (i = 0; i < nkids; i++)
		if (kids[i].pid != 0 && (all || kids[i].gen != gen))
			kill(kids[i].pid, sig);
}

/* Reaps dead workers; returns how many of generation `gen` died. */
static size_t
reap(unsigned gen, int *crashloop)
{
	pid_t	 pid;
	int	 status;
	size_t	 i, lost = 0;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < nkids; i++) {
			if (kids[i].pid != pid)
				continue;
			if (kids[i].gen == gen) {
				lost++;
				if (WIFSIGNALED(status))
					klog("worker %d killed by signal %d; replacing it",
					    (int)pid, WTERMSIG(status));
				else if (WEXITSTATUS(status) != 0)
					klog("worker %d exited with %d; replacing it",
					    (int)pid, WEXITSTATUS(status));
				if (time(NULL) - kids[i].started < 2 && WIFEXITED(status) &&
				    WEXITSTATUS(status) != 0)
					*crashloop = 1;
			}
			kids[i].pid = 0;
		}
	}
	return lost;
}

/* The listening socket: systemd's (fd 3), spawn-fcgi's (fd 0), or our own. */
static int
open_listener(HDF *conf, int *owned)
{
	const char	*lfds = getenv("LISTEN_FDS"), *lpid = getenv("LISTEN_PID");
	const char	*path = conf_str(conf, "Pool.Socket", NULL), *group;
	struct stat	 st;
	struct group	*gr;
	int		 fd;
	long		 mode;

	*owned = 0;
	if (lfds != NULL && lpid != NULL && atol(lpid) == (long)getpid() && atoi(lfds) >= 1)
		return 3;
	if (fstat(0, &st) == 0 && S_ISSOCK(st.st_mode)) {
		int		 type;
		socklen_t	 len = sizeof(type);

		if (getsockopt(0, SOL_SOCKET, SO_TYPE, &type, &len) == 0)
			return 0;
	}
	if (path == NULL) {
		klog("no listening socket: set Pool.Socket, or start under spawn-fcgi or systemd");
		return -1;
	}
	unlink(path);	/* a stale socket from a crashed run */
	if ((fd = FCGX_OpenSocket(path, conf_int(conf, "Pool.Backlog", 256))) < 0) {
		klog("%s: cannot listen: %s", path, strerror(errno));
		return -1;
	}
	/*
	 * Only the web server may connect: its group (Pool.SocketGroup) and
	 * 0660, never a socket anyone on the host can talk to.
	 */
	group = conf_str(conf, "Pool.SocketGroup", NULL);
	if (group != NULL && *group != '\0') {
		if ((gr = getgrnam(group)) == NULL) {
			klog("Pool.SocketGroup %s: no such group", group);
			close(fd);
			return -1;
		}
		if (chown(path, (uid_t)-1, gr->gr_gid) != 0) {
			klog("chown %s to group %s: %s", path, group, strerror(errno));
			close(fd);
			return -1;
		}
	}
	mode = strtol(conf_str(conf, "Pool.SocketMode", "0660"), NULL, 8);
	if (mode & 07) {
		klog("Pool.SocketMode %lo lets anyone on the host connect; using 0660", mode);
		mode = 0660;
	}
	if (chmod(path, (mode_t)mode) != 0) {
		klog("chmod %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	*owned = 1;
	return fd;
}

static int
pool_size(HDF *conf)
{
	int	 n = conf_int(conf, "Pool.Workers", 0);

	if (n <= 0)
		n = (int)sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : n;
}

static void
usage(void)
{
	fprintf(stderr, "usage: kametay-fcgi -c CONFIG [-t]\n"
	    "  -t  check the configuration, templates and language files, then exit\n");
	exit(2);
}

int
pool_main(int argc, char *argv[], const struct route *tbl, size_t ntbl)
{
	const char	*cfgpath = NULL, *sockpath;
	HDF		*conf;
	int		 ch, check = 0, listen_fd, owned, crashloop = 0;
	unsigned	 gen = 1;
	size_t		 i, want;
	sigset_t	 all, none;
	time_t		 deadline;

	pool_routes = tbl;
	pool_nroutes = ntbl;
	while ((ch = getopt(argc, argv, "c:t")) != -1) {
		if (ch == 'c')
			cfgpath = optarg;
		else if (ch == 't')
			check = 1;
		else
			usage();
	}
	if (cfgpath == NULL)
		usage();
	if ((conf = config_load(cfgpath)) == NULL)
		return 1;
	if (check) {
		struct app app;
		int bad = app_init(&app, conf) != 0;

		app_free(&app);
		fprintf(stderr, bad ? "configuration has errors\n" : "configuration ok\n");
		return bad;
	}
	{
		/* the master makes the secret so workers never race to create it */
		unsigned char s[32];

		if (load_secret(conf_str(conf, "Secret.File", "var/secret.key"), s) != 0)
			return 1;
	}
	if (FCGX_Init() != 0) {
		klog("FCGX_Init failed");
		return 1;
	}
	if (runas_resolve(conf, &pool_runas) != 0)
		return 1;
	if ((listen_fd = open_listener(conf, &owned)) < 0)
		return 1;
	/* workers poll it and accept without blocking (worker_main) */
	if (fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK) != 0) {
		klog("listening socket: cannot make it non-blocking: %s", strerror(errno));
		return 1;
	}
	sockpath = owned ? xstrdup(conf_str(conf, "Pool.Socket", "")) : NULL;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&all);
	sigaddset(&all, SIGTERM);
	sigaddset(&all, SIGINT);
	sigaddset(&all, SIGHUP);
	sigaddset(&all, SIGCHLD);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &all, NULL);
	set_handler(SIGTERM, on_signal);
	set_handler(SIGINT, on_signal);
	set_handler(SIGHUP, on_signal);
	set_handler(SIGCHLD, on_signal);

	/* every generation of workers shares the one counter of changes */
	pagecache_share(conf);
	want = (size_t)pool_size(conf);
	klog("kametay-fcgi: starting %zu workers", want);
	for (i = 0; i < want; i++)
		spawn(conf, listen_fd, gen);

	while (!got_term) {
		if (count_gen(gen, 1) > count_gen(gen, 0)) {
			/*
			 * An old generation is still winding down.  The one
			 * SIGTERM a reload sends can be spent on the read of a
			 * kept-alive connection (libfcgi then closes it and goes
			 * back to accept), leaving an idle worker that would
			 * serve the next request with the old configuration:
			 * repeat the signal, as the stop below does, until the
			 * last old worker is gone.
			 */
			struct timespec tick = { 0, 200 * 1000 * 1000 };

			if (pselect(0, NULL, NULL, NULL, &tick, &none) == 0)
				signal_gen(gen, 0, SIGTERM);
		} else
			sigsuspend(&none);	/* returns with the signals blocked again */
		if (got_chld) {
			got_chld = 0;
			crashloop = 0;
			reap(gen, &crashloop);
			if (crashloop)
				sleep(1);	/* a worker that cannot start must not spin */
			while (!got_term && count_gen(gen, 0) < want)
				if (spawn(conf, listen_fd, gen) < 0)
					break;
		}
		if (got_hup) {
			HDF *n;

			got_hup = 0;
			if ((n = config_load(cfgpath)) == NULL) {
				klog("reload: configuration has errors; keeping the running workers");
				continue;
			}
			/* a template that does not parse would stop every new worker */
			if (app_check_templates(n) != 0) {
				klog("reload: templates have errors; keeping the running workers");
				hdf_destroy(&n);
				continue;
			}
			if (runas_resolve(n, &pool_runas) != 0) {
				klog("reload: Pool.User is not usable; keeping the running workers");
				hdf_destroy(&n);
				(void)runas_resolve(conf, &pool_runas);
				continue;
			}
			hdf_destroy(&conf);
			conf = n;
			want = (size_t)pool_size(conf);
			gen++;
			klog("reload: starting %zu new workers, retiring the old ones", want);
			for (i = 0; i < want; i++)
				spawn(conf, listen_fd, gen);
			signal_gen(gen, 0, SIGTERM);
		}
	}

	/* stop: in-flight requests finish; repeat the signal for waits it missed */
	klog("kametay-fcgi: stopping");
	deadline = time(NULL) + conf_int(conf, "Pool.GraceSeconds", 20);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	signal(SIGCHLD, SIG_DFL);
	while (count_gen(gen, 1) > 0) {
		signal_gen(gen, 1, time(NULL) < deadline ? SIGTERM : SIGKILL);
		usleep(200 * 1000);
		reap(gen, &crashloop);
	}
	if (sockpath != NULL)
		unlink(sockpath);
	free((void *)sockpath);
	free(kids);
	free(pool_runas.name);
	hdf_destroy(&conf);
	return 0;
}
