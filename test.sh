#!/usr/bin/env bash
# Installs what is missing, builds, runs every test, and ends with one line: N passed, N failed, N skipped.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
# Test-only Debian packages: the browser tests drive Debian's Chromium (Playwright cannot download one
# here); the many-machines tests run against real PostgreSQL and RabbitMQ (throwaway instances, started
# below and stopped on any exit). The CJK font for the Chinese screenshots is a runtime package (burned-in subtitles).
TEST_PACKAGES=(chromium postgresql rabbitmq-server)
set -e
setup_all "${TEST_PACKAGES[@]}"
set +e

services="$(mktemp -d)"
trap 'scripts/test-services.sh stop "$services"' EXIT
trap 'exit 130' INT TERM
log "starting throwaway PostgreSQL and RabbitMQ"
exports="$(scripts/test-services.sh start "$services")" || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
eval "$exports"

log "running tests"
output="$(mktemp)"
dotnet test Mouthpiece.slnx -c Release --no-build -nologo 2>&1 | tee "$output"
status=${PIPESTATUS[0]}

# Each test assembly reports "Failed:  N, Passed:  N, Skipped:  N"; add them up.
read -r passed failed skipped < <(
  grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$output" \
    | awk -F'[:,]' '{f+=$2; p+=$4; s+=$6} END {print p+0, f+0, s+0}')
rm -f "$output"
# A crashed test host prints no counts: never report such a run as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
