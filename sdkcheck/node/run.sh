#!/usr/bin/env bash
# run.sh runs check.mjs, the official Node SDK's checks of the fake
# Responses API: it installs openai@7.55.0 into a temporary folder, starts
# the fake (cmd/fakeopenai, which prints its base URL on its first line of
# stdout), runs the checks against it and exits non-zero when one fails.
# It needs node, npm and go; run it from anywhere. FAKEOPENAI may name a
# fake already built; CONFORMANCE_DIR the recorded traffic (by default
# shared/conformance beside the repository).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

for tool in node npm go; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool is not installed" >&2
		exit 1
	fi
done

work=$(mktemp -d)
fake_pid=
cleanup() {
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null || true
		wait "$fake_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "== installing openai@7.55.0 into $work"
npm install --prefix "$work" --no-audit --no-fund --loglevel=error openai@7.55.0 >/dev/null
# check.mjs runs from the folder that holds node_modules, so that its
# import of 'openai' finds the package installed there.
cp "$here/check.mjs" "$work/check.mjs"

echo "== starting the fake"
# FAKEOPENAI names a fake already built, to check another build of it.
fake=${FAKEOPENAI:-}
if [ -z "$fake" ]; then
	(cd "$root" && go build -o "$work/fakeopenai" ./cmd/fakeopenai)
	fake=$work/fakeopenai
fi
"$fake" -addr 127.0.0.1:0 >"$work/fake.out" 2>"$work/fake.err" &
fake_pid=$!
base=
for _ in $(seq 100); do
	base=$(head -n 1 "$work/fake.out" 2>/dev/null || true)
	[ -n "$base" ] && break
	if ! kill -0 "$fake_pid" 2>/dev/null; then
		echo "run.sh: the fake exited:" >&2
		cat "$work/fake.err" >&2
		exit 1
	fi
	sleep 0.1
done
if [ -z "$base" ]; then
	echo "run.sh: the fake printed no base URL" >&2
	exit 1
fi
# The fake serves the API under /v1, as the API does.
base=${base%/}
case $base in
*/v1) ;;
*) base=$base/v1 ;;
esac
echo "== checking the fake at $base"
OPENAI_BASE_URL=$base CONFORMANCE_DIR=${CONFORMANCE_DIR:-$root/../shared/conformance} node "$work/check.mjs"
