#!/bin/sh
# Runs last (make check orders it after every other test): under
# ./dev test --sanitize (KAMETAY_SANITIZE=1) the servers and tests write any
# AddressSanitizer / UndefinedBehaviorSanitizer report to
# $KAMETAY_VAR/log/asan.PID or ubsan.PID.  Any such file is a failure.
# Reports written when the servers stop (leaks at exit) come after this
# test; ./dev test counts those itself.

if [ "${KAMETAY_SANITIZE:-0}" != 1 ]; then
	echo "1..0 # SKIP not a sanitizer run (./dev test --sanitize)"
	exit 0
fi
if [ -z "${KAMETAY_VAR:-}" ] || [ ! -d "$KAMETAY_VAR/log" ]; then
	echo "1..0 # SKIP no instance log directory (KAMETAY_VAR)"
	exit 0
fi

echo "1..1"
found=0
for f in "$KAMETAY_VAR"/log/asan.* "$KAMETAY_VAR"/log/ubsan.*; do
	[ -f "$f" ] || continue
	found=$((found + 1))
	echo "# --- $f"
	sed -n '1,60s/^/# /p' "$f"
done
if [ "$found" -eq 0 ]; then
	echo "ok 1 - no ASan/UBSan report under $KAMETAY_VAR/log"
else
	echo "not ok 1 - $found sanitizer report(s) under $KAMETAY_VAR/log (shown above)"
fi
