#!/bin/sh
# sqlmap (Debian's, level 1, risk 1, --batch) against the running stack:
# the public search (page and API), sign-in, registration and the purchase.
# Every SQL statement is prepared (db/db_sql.c), so any finding fails: one
# TAP line per endpoint.  Skips when sqlmap is not installed (Debian: sqlmap)
# or no stack runs.  Runs in the HTTP chain (Makefile.am): sign-in failures
# it causes are cleared at the end so later suites are not throttled.
#
# Work files (sqlmap's session, log and traffic) are under
# tests/sqlmap/work/ in the build tree; KAMETAY_SQLMAP_ARGS adds options.
set -u

builddir=${KT_TOP_BUILDDIR:-.}
srcdir=${KT_TOP_SRCDIR:-${srcdir:-.}/..}
work=$builddir/tests/sqlmap/work
PY=/usr/bin/python3

[ -n "${KAMETAY_URL:-}" ] || { echo "1..0 # SKIP no running stack (KAMETAY_URL is not set; ./dev test sets it)"; exit 0; }
command -v sqlmap >/dev/null 2>&1 || { echo "1..0 # SKIP sqlmap is not installed (apt-get install sqlmap)"; exit 0; }
rm -rf "$work"
mkdir -p "$work" || exit 1

# A verified user with an access token and a general-admission event to buy for.
setup=$("$PY" - "$srcdir/tests/http" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[1])
import kt
kt.clear_login_failures()
tag = kt.unique("sqlmap")
ev = kt.make_event(tag + " target", days=2900, capacity=100000, max_per_person=100000)
seated = kt.make_event(tag + " seated", seated=True, days=2901, max_per_person=100000)
_, addr = kt.make_user("sqlmap")
print(ev, seated, kt.free_seats(seated, 1)[0], kt.api_token(addr))
PYEOF
) || { echo "1..0 # SKIP could not prepare a user and an event"; exit 0; }
set -- $setup
ev=$1 seated=$2 seat=$3 tok=$4

echo "1..6"
n=0
failed=0
# run NAME sqlmap-args...: ok unless sqlmap names an injection point
run() {
	name=$1
	shift
	n=$((n + 1))
	log=$work/$n.log
	# shellcheck disable=SC2086
	sqlmap --batch --level=1 --risk=1 --flush-session --disable-coloring --output-dir="$work/out" \
		--timeout=15 --retries=1 --time-sec=3 --answers="follow=N" --ignore-code=401 ${KAMETAY_SQLMAP_ARGS:-} "$@" \
		>"$log" 2>&1
	rc=$?
	if grep -qi 'identified the following injection point\|is vulnerable' "$log"; then
		echo "not ok $n - sqlmap: $name has an injection point"
		sed -n '/identified the following injection/,/^---$/p' "$log" | sed -n '1,30s/^/# /p'
		failed=1
	elif grep -q 'all tested parameters do not appear to be injectable\|do not appear to be injectable' "$log"; then
		echo "ok $n - sqlmap: $name, nothing injectable"
	else
		echo "not ok $n - sqlmap: $name did not finish its tests (exit $rc)"
		tail -n 15 "$log" | sed 's/^/# /'
		failed=1
	fi
}

json='Content-Type: application/json'
run "the search page (q, from, to, venue, page)" \
	-u "$KAMETAY_URL/?q=jazz&from=2030-01-01&to=2031-01-01&venue=1&page=1"
run "the events API (q, from, to, page)" \
	-u "$KAMETAY_URL/api/events/?q=jazz&from=2030-01-01&to=2031-01-01&page=1"
run "sign-in (email, password)" -u "$KAMETAY_URL/api/login/" -H "$json" \
	--data='{"email": "nobody@kametay.test", "password": "not the password"}'
run "registration (every field)" -u "$KAMETAY_URL/api/register/" -H "$json" \
	--data='{"email": "sqlmap@example.test", "password": "a long password 1", "first_name": "Sql", "last_name": "Map", "age": 30, "organiser_code": "x"}'
run "the purchase (quantity)" -u "$KAMETAY_URL/api/events/$ev/purchase/" -H "$json" \
	-H "Authorization: Bearer $tok" --data='{"quantity": 1}'
run "the purchase (seats)" -u "$KAMETAY_URL/api/events/$seated/purchase/" -H "$json" \
	-H "Authorization: Bearer $tok" --data="{\"seats\": [$seat]}"

# the sign-ins sqlmap failed must not throttle the suites after this one
"$PY" - "$srcdir/tests/http" <<'PYEOF' || true
import sys
sys.path.insert(0, sys.argv[1])
import kt
kt.clear_login_failures()
PYEOF
exit $failed
