# bench/lib.sh — what the bench scripts share; sourced, not run.
# Needs the variables ./dev bench exports (KAMETAY_URL, KAMETAY_DB_SOCKET …).
: "${KAMETAY_URL:?run this through ./dev bench}"
ROOT=${KAMETAY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-16}
# The many-connection figure of issue 10: p99 against p50 at 64 connections.
HOL_CONNS=${BENCH_HOL_CONNECTIONS:-64}
CORES=$(nproc)
# Static copies of the benched pages, served by nginx from /static/bench/.
STATIC_DIR=$ROOT/nginx/static/bench

die() {
	printf 'bench: error: %s\n' "$*" >&2
	exit 1
}

command -v wrk >/dev/null || die "wrk is missing: ./dev installs it (DEB_PACKAGES)"

sql() { mariadb --no-defaults --socket="$KAMETAY_DB_SOCKET" -u kametay -p"$KAMETAY_DB_PASSWORD" kametay "$@"; }
sql_root() { mariadb --no-defaults --socket="$KAMETAY_DB_SOCKET" --user=root "$@"; }

# measure CONNS SECONDS URL [WRK ARGS...]: wrk -t2, after a 2 s warm-up. Sets
# RPS, P50 and P99 (ms), ERRS (non-2xx/3xx and socket errors) and GEN_CPU (wrk's
# CPU time over the run's wall time times the cores: its share of the machine).
measure() {
	local c=$1 d=$2 url=$3 out times
	shift 3
	wrk -t2 -c"$c" -d2s "$@" "$url" >/dev/null 2>&1 || true
	out=$(mktemp)
	times=$(
		TIMEFORMAT='%3R %3U %3S'
		{ time wrk -t2 -c"$c" -d"${d}s" --timeout 30s --latency "$@" "$url" >"$out" 2>&1; } 2>&1
	) || die "wrk failed on $url: $(cat "$out")"
	read -r RPS P50 P99 ERRS < <(awk '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/^Requests\/sec/ { r = $2 }
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/Non-2xx/ { e += $NF }
		/Socket errors/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 }
		END { printf "%s %s %s %d\n", r, p50, p99, e }' "$out")
	GEN_CPU=$(awk -v t="$times" -v n="$CORES" 'BEGIN { split(t, a, " "); printf "%.0f", 100 * (a[2] + a[3]) / (a[1] * n) }')
	rm -f "$out"
}

# static_copy NAME URL [CURL ARGS...]: the page's bytes as a file nginx serves;
# prints the static URL.
static_copy() {
	local name=$1 url=$2
	shift 2
	mkdir -p "$STATIC_DIR"
	curl -fsS "$@" "$url" -o "$STATIC_DIR/$name" || die "GET $url failed"
	chmod -R a+rX "$STATIC_DIR"
	printf '%s/static/bench/%s\n' "$KAMETAY_URL" "$name"
}

# sign_in EMAIL PASSWORD: prints the Cookie header value of a signed-in session.
sign_in() {
	local jar page csrf
	jar=$(mktemp)
	page=$(curl -fsS -c "$jar" -b "$jar" "$KAMETAY_URL/login") || die "GET /login failed"
	csrf=$(grep -o 'name="csrf" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
	curl -fsS -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
		--data-urlencode "email=$1" --data-urlencode "password=$2" "$KAMETAY_URL/login" ||
		die "signing in as $1 failed"
	awk '$6 == "sid" { sid = $7 } $6 == "csrf" { c = $7 } END { printf "sid=%s; csrf=%s", sid, c }' "$jar"
	rm -f "$jar"
}

# demo_password ROLE: from the instance's demo-accounts.txt.
demo_password() { awk -v r="$1" '$1 == r { print $3 }' "$KAMETAY_VAR/demo-accounts.txt"; }
