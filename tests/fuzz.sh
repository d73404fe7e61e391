#!/bin/sh
# A short libFuzzer run over the request parsers (tests/fuzz/fuzz_request.c).
#
# Builds the target with clang, -fsanitize=fuzzer,address,undefined, from the
# library sources in cgi/ (compiled again with clang rather than linking the
# gcc-built libkametay.a), then fuzzes for KAMETAY_FUZZ_SECONDS (80) seconds
# starting from tests/fuzz/corpus/.  One TAP line; a skip when clang or its
# libFuzzer runtime (Debian: clang, libclang-rt-14-dev) is missing.
#
# Work files live in the build tree under tests/fuzz/work/: the objects, the
# growing corpus, the log and any crash input (artifacts/).  To replay one:
#   KT_FUZZ_CONFIG=tests/fuzz/work/kametay.hdf tests/fuzz/work/fuzz_request FILE
#
# A second target, tests/fuzz/fuzz_hallplan.c, runs the hall plan CSV parser
# for KAMETAY_FUZZ_HALLPLAN_SECONDS (40) from tests/fuzz/corpus_hallplan/,
# linked with the same objects: a second TAP line.  Replay with
#   tests/fuzz/work/fuzz_hallplan FILE
# A third, tests/fuzz/fuzz_multipart.c, runs our multipart/form-data parser
# (core/multipart.c) for KAMETAY_FUZZ_MULTIPART_SECONDS (40) from
#   tests/fuzz/corpus_multipart/ (first line the boundary, then the body);
# replay with tests/fuzz/work/fuzz_multipart FILE
# A fourth, tests/fuzz/fuzz_webhook.c, runs the Stripe webhook's signature
# check and event reader (notify/pay_stripe.c) for KAMETAY_FUZZ_WEBHOOK_SECONDS
# (30) from tests/fuzz/corpus_webhook/ (first line the Stripe-Signature, "!" for
# one signed here, then the body); replay with tests/fuzz/work/fuzz_webhook FILE

set -u

srcdir=${KT_TOP_SRCDIR:-${srcdir:-.}/..}
builddir=${KT_TOP_BUILDDIR:-.}
work=$builddir/tests/fuzz/work
seconds=${KAMETAY_FUZZ_SECONDS:-80}
CLANG=${CLANG:-clang}

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

command -v "$CLANG" >/dev/null 2>&1 || skip "no clang (apt-get install clang libclang-rt-14-dev)"
[ -f "$builddir/config.h" ] || skip "no config.h in $builddir: run configure first"
mkdir -p "$work/obj" "$work/corpus" "$work/artifacts" "$work/corpus_hallplan" \
	"$work/artifacts_hallplan" "$work/corpus_multipart" "$work/artifacts_multipart" \
	"$work/corpus_webhook" "$work/artifacts_webhook" || exit 1

# Can this clang link a fuzzer at all?
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
	>"$work/probe.c"
"$CLANG" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" >"$work/probe.log" 2>&1 ||
	skip "clang cannot build a libFuzzer target (apt-get install libclang-rt-14-dev): $(head -c 200 "$work/probe.log")"

echo "1..4"
failed=0

# The library: the sources of libkametay.a as Makefile.am lists them (make
# check passes them), else every cgi/*.c but the programs' mains.
sources=""
if [ -n "${KT_FUZZ_SOURCES:-}" ]; then
	for f in $KT_FUZZ_SOURCES; do
		sources="$sources $srcdir/$f"
	done
else
	for f in "$srcdir"/cgi/*/*.c; do
		grep -q '^main(' "$f" && continue
		sources="$sources $f"
	done
fi
cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
	-std=gnu11 -D_GNU_SOURCE -DKAMETAY_DATADIR=\"/nonexistent\" -I$builddir -I$srcdir/cgi ${KT_FUZZ_CFLAGS:-}"

bin=$work/fuzz_request
stale=0
[ -x "$bin" ] || stale=1
for f in $sources "$srcdir"/cgi/*/*.h "$srcdir/tests/fuzz/fuzz_request.c" "$builddir/config.h"; do
	[ "$f" -nt "$bin" ] && stale=1
done
if [ $stale = 1 ]; then
	rm -f "$work"/obj/*.o
	# shellcheck disable=SC2086 # word splitting of the flag lists is intended
	if ! printf '%s\n' $sources "$srcdir/tests/fuzz/fuzz_request.c" |
		xargs -P "$(nproc 2>/dev/null || echo 2)" -I{} sh -c \
			'f={}; b=$(echo "$f" | sed "s|.*/cgi/||; s|.*/tests/fuzz/||; s|/|_|g; s|\\.c\$||"); exec "$0" -c $1 -fsanitize=fuzzer-no-link "$f" -o "$2/obj/$b.o"' \
			"$CLANG" "$cflags" "$work" >"$work/build.log" 2>&1 ||
		! "$CLANG" -fsanitize=fuzzer,address,undefined "$work"/obj/*.o -o "$bin" \
			${KT_FUZZ_LIBS:-} >>"$work/build.log" 2>&1; then
		echo "not ok 1 - the fuzz target builds with clang"
		sed -n '1,40s/^/# /p' "$work/build.log"
		exit 1
	fi
fi

# The configuration: the source tree's templates and languages, no database.
cat >"$work/kametay.hdf" <<EOF
Paths.Data = $srcdir
DB.Socket = $work/no-such-mysqld.sock
Secret.File = $work/secret.key
Site.BaseURL = http://127.0.0.1:1
Site.TimeZone = UTC
Limits.BodyBytes = 65536
EOF
cp "$srcdir"/tests/fuzz/corpus/* "$work/corpus/" 2>/dev/null

# Sanitizer settings of our own: the suite's (log files under var/) would
# hide the report from this log.  stderr of the target is closed
# (close_fd_mask=2): the app logs every failed database connect there;
# libFuzzer and the sanitizers still report on their own copy of it.
rm -f "$work"/artifacts/*
KT_FUZZ_CONFIG=$work/kametay.hdf \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=4096 \
	-close_fd_mask=2 -print_final_stats=1 -dict="$srcdir/tests/fuzz/request.dict" \
	-artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
rc=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]*' "$work/fuzz.log" | tail -n 1)
if [ $rc -eq 0 ]; then
	echo "ok 1 - libFuzzer ran ${seconds}s over the request parsers: ${runs:-?} inputs, ${cov:-cov ?}, no crash, leak or broken promise"
else
	echo "not ok 1 - libFuzzer found a problem (exit $rc) in the request parsers"
	grep -n -m1 -E 'ERROR|SUMMARY|abort|runtime error|deadly signal' "$work/fuzz.log" | sed 's/^/# /'
	tail -n 60 "$work/fuzz.log" | sed 's/^/# /'
	for a in "$work"/artifacts/*; do
		[ -f "$a" ] || continue
		echo "# input: $a"
		od -c "$a" | head -n 20 | sed 's/^/#   /'
	done
	failed=1
fi

# A second target linked with the library objects (without fuzz_request's):
# target N NAME SECONDS WHAT DONE, where NAME names tests/fuzz/fuzz_NAME.c,
# corpus_NAME/ and NAME.dict, WHAT is what it fuzzes and DONE what held.
target() {
	n=$1 name=$2 secs=$3 what=$4 done=$5
	bin=$work/fuzz_$name
	tstale=$stale
	[ -x "$bin" ] || tstale=1
	[ "$srcdir/tests/fuzz/fuzz_$name.c" -nt "$bin" ] && tstale=1
	if [ $tstale = 1 ]; then
		# shellcheck disable=SC2086 # word splitting of the flag lists is intended
		if ! "$CLANG" -c $cflags -fsanitize=fuzzer-no-link "$srcdir/tests/fuzz/fuzz_$name.c" \
			-o "$work/fuzz_$name.o" >"$work/build_$name.log" 2>&1 ||
			! "$CLANG" -fsanitize=fuzzer,address,undefined "$work/fuzz_$name.o" \
				$(ls "$work"/obj/*.o | grep -v '/fuzz_request\.o$') -o "$bin" \
				${KT_FUZZ_LIBS:-} >>"$work/build_$name.log" 2>&1; then
			echo "not ok $n - the fuzz_$name target builds with clang"
			sed -n '1,40s/^/# /p' "$work/build_$name.log"
			exit 1
		fi
	fi
	cp "$srcdir"/tests/fuzz/corpus_"$name"/* "$work/corpus_$name/" 2>/dev/null
	rm -f "$work"/artifacts_"$name"/*
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=8192 \
		-print_final_stats=1 -dict="$srcdir/tests/fuzz/$name.dict" \
		-artifact_prefix="$work/artifacts_$name/" "$work/corpus_$name" >"$work/fuzz_$name.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz_$name.log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$work/fuzz_$name.log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		echo "ok $n - libFuzzer ran ${secs}s over the $what: ${runs:-?} inputs, ${cov:-cov ?}, $done"
	else
		echo "not ok $n - libFuzzer found a problem (exit $rc) in the $what"
		grep -n -m1 -E 'ERROR|SUMMARY|abort|runtime error|deadly signal' "$work/fuzz_$name.log" | sed 's/^/# /'
		tail -n 60 "$work/fuzz_$name.log" | sed 's/^/# /'
		for a in "$work"/artifacts_"$name"/*; do
			[ -f "$a" ] || continue
			echo "# input: $a"
			od -c "$a" | head -n 20 | sed 's/^/#   /'
		done
		failed=1
	fi
}

target 2 hallplan "${KAMETAY_FUZZ_HALLPLAN_SECONDS:-40}" "hall plan CSV parser" "round trips and escaping held"
target 3 multipart "${KAMETAY_FUZZ_MULTIPART_SECONDS:-40}" "multipart parser" "no state kept, round trips held"
target 4 webhook "${KAMETAY_FUZZ_WEBHOOK_SECONDS:-30}" "Stripe webhook (signature, event JSON)" "no forged header verified"
exit $failed
