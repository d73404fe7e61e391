#!/usr/bin/env bash
# ./dev cluster test (not in make check: it takes several minutes): against a
# running ./dev cluster, the race tests (tests/http/test_race.py: 200 buyers
# on 50 seats and on 100 places, idempotent retries) through its nginx, then
# tests/ops/cluster_sale.py (a sale measured on the cluster and on one app
# host, then db1 killed mid-sale, the sale going on, db1 rejoining).  TAP.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
CDIR=$ROOT/var/cluster
PORT=${KAMETAY_CLUSTER_PORT:-38080}
[[ -f $CDIR/app1/kametay.hdf ]] || { echo "1..0 # SKIP no cluster: run ./dev cluster up"; exit 0; }
# The kit's helpers talk to db2: db1 is the node the sale kills.
export KAMETAY_URL=http://127.0.0.1:$PORT KAMETAY_ROOT=$ROOT KAMETAY_BUILD=$ROOT/build
export KAMETAY_VAR=$CDIR KAMETAY_CONFIG=$CDIR/app1/kametay.hdf
export KAMETAY_DB_SOCKET=$CDIR/run/db2/mysqld.sock KAMETAY_DB_PASSWORD=$(<"$CDIR/db.password")
export KAMETAY_MAILDIR=$CDIR/mail KAMETAY_SMTP_PORT=$((PORT + 5)) KAMETAY_CLUSTER_PORT=$PORT
export PYTHONDONTWRITEBYTECODE=1

n=0 failed=0
run() {
	local line out
	out=$(mktemp)
	(cd "$ROOT/tests/http" && /usr/bin/python3 "$@") >"$out" 2>&1 || true
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ )?ok\ [0-9]+\ -\ (.*)$ ]]; then
			n=$((n + 1))
			[[ -n ${BASH_REMATCH[1]} ]] && failed=$((failed + 1))
			echo "${BASH_REMATCH[1]}ok $n - ${1##*/}: ${BASH_REMATCH[2]}"
		elif [[ $line == \#* ]]; then
			echo "$line"
		elif [[ ! $line =~ ^1\.\. ]]; then
			echo "# $line"
		fi
	done <"$out"
	grep -qE '^1\.\.[0-9]+' "$out" || { n=$((n + 1)) failed=$((failed + 1)); echo "not ok $n - ${1##*/} ran to its plan"; }
	rm -f "$out"
}
run "$ROOT/tests/http/test_race.py"
run "$ROOT/tests/ops/cluster_sale.py"
echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
((failed == 0))
