#!/usr/bin/env bash
# Fuzz the JSON API with schemathesis (docs/api.md#fuzzing): a throwaway SQLite database
# with the reference data and one token user, the app on 127.0.0.1 at a free port, then
# every operation of /api/v1/openapi.json anonymously and with the token. Fails on any
# 5xx or any answer whose content type the schema does not declare. Localhost only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(cd "${BIN:-.venv/bin}" && pwd)"
EXAMPLES="${API_FUZZ_EXAMPLES:-8}"    # per operation
RUN_SECONDS="${API_FUZZ_SECONDS:-120}" # per schemathesis run (two): the time bound

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export NAPTRACK_VAR_DIR="$work" DATABASE_URL="sqlite:///$work/fuzz.sqlite3"
export NAPTRACK_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend"
export NAPTRACK_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
unset NAPTRACK_PRODUCTION NAPTRACK_DEBUG

echo "== throwaway database in $work"
"$BIN/python" manage.py migrate --noinput --verbosity 0
"$BIN/python" manage.py load_reference_data --verbosity 0 >/dev/null
token="$("$BIN/python" manage.py shell -c '
from naptrack.accounts.choices import Role
from naptrack.accounts.models import Membership, User
from naptrack.accounts.services import api_token_create
from naptrack.registry.models import Country
user = User.objects.create_user(email="fuzz@example.org", password=None)
Membership.objects.create(user=user, role=Role.COORDINATOR, country=Country.objects.get(iso3="KEN"))
print(api_token_create(actor=user, name="api fuzz")[1])
' | tail -n 1 | tr -d '[:space:]')"

port="$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
echo "== server on $base (setup took ${SECONDS}s)"
"$BIN/gunicorn" config.wsgi:application --bind "127.0.0.1:$port" --workers 2 --timeout 120 \
  --log-level warning --error-logfile "$work/server.log" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "$base/api/v1/" >/dev/null && break; sleep 0.2; done
# Each worker loads the URLconf (and with it every app) on its first request: warm them
# all up so that the fuzzer's first requests do not time out.
for _ in $(seq 6); do curl -fs --max-time 120 -o /dev/null "$base/api/v1/countries" & done
wait $(jobs -p | grep -v "^$server_pid$") 2>/dev/null || true

fuzz() {
  local log="$work/schemathesis.log" rc=0
  # From the temporary directory: schemathesis keeps its cache in the working directory.
  (cd "$work" && timeout --signal=INT "$RUN_SECONDS" "$BIN/schemathesis" --no-color run "$base/api/v1/openapi.json" \
    --url "$base" --checks not_a_server_error,content_type_conformance \
    --max-examples "$EXAMPLES" --phases examples,fuzzing --seed 1325 \
    --suppress-health-check too_slow,filter_too_much --request-timeout 20 --wait-for-schema 60 --workers 2 "$@") \
    >"$log" 2>&1 || rc=$?
  grep -v -E '^(Unauthorized|Unprocessable Entity|Not Found|Bad Request|Forbidden|Conflict|Method Not Allowed|Request Entity Too Large):' "$log" || true
  if [ "$rc" -eq 124 ]; then
    # The time bound, not a finding: fail only if a failure was reported before it.
    echo "api-fuzz: stopped at the ${RUN_SECONDS}s limit" >&2
    ! grep -q -E '^=+ (FAILURES|ERRORS) =+$' "$log"
    return
  fi
  return "$rc"
}

status=0
echo "== anonymous"
fuzz || status=1
echo "== with an API token (a coordinator of Kenya)"
fuzz -H "Authorization: Bearer $token" || status=1
if [ "$status" -ne 0 ]; then
  echo "== server log"; tail -n 60 "$work/server.log"
  echo "api-fuzz: schemathesis found problems (above)" >&2
fi
echo "== api-fuzz finished in ${SECONDS}s"
exit "$status"
