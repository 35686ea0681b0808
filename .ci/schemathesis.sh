#!/usr/bin/env bash
# Schemathesis against a live server with the demo data: every generated request to the
# read API must get no server error and an answer matching the OpenAPI document.
# Schemathesis lives in its own venv (.venv-tools): it brings a pytest plugin that must not
# load in the project's test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION=4.32.5
PY="${ESSOR_PYTHON:-.venv/bin/python}"

if ! .venv-tools/bin/st --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install -q "schemathesis==${SCHEMATHESIS_VERSION}"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///${work}/essor.sqlite3"
export ESSOR_SIRENE_DIR="${work}/sirene"
export ESSOR_API_RATE="100000/minute"
export ESSOR_ALLOWED_HOSTS="127.0.0.1,localhost"
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ESSOR_SITE_URL="http://127.0.0.1:${port}"

# The demo, as `make run` loads it.
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py load_territories >/dev/null
"$PY" manage.py load_method_templates >/dev/null
"$PY" manage.py load_demo >/dev/null
"$PY" manage.py load_observatory_demo >/dev/null

"$PY" manage.py runserver "127.0.0.1:${port}" --noreload --insecure >"${work}/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port}/sante/')" \
    >/dev/null 2>&1 && break
  sleep 1
done

status=0
.venv-tools/bin/st run "http://127.0.0.1:${port}/api/v1/openapi.json" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-30}" --seed 12 --no-color \
  --report junit --report-dir "${work}/report" || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (tail) ---"; tail -n 60 "${work}/server.log"
fi
exit "$status"
