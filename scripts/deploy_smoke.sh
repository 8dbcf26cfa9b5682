#!/usr/bin/env bash
# Deploy the portal exactly as README.md's "Deploying" section says — a production install (no dev
# extra) at the locked versions, PostgreSQL, DEBUG off, gunicorn and the worker as two processes —
# into a throwaway database and directory, then drive the role journeys in Chromium against that
# gunicorn (tests/deploy/), every request carrying X-Forwarded-Proto: https as the reverse proxy
# would send it. Everything it made is removed on exit. .ci/run runs it; an operator runs it
# (`make deploy-smoke`) on a release before putting it in production.
#
# Settings (environment):
#   SMOKE_DATABASE_URL  a PostgreSQL database to create and drop; its name must end in "smoke", so
#                       that it can never be a real database (default
#                       postgres://postgres@127.0.0.1:5432/portal_smoke)
#   SMOKE_PORT          loopback port for gunicorn (default: a free one)
#   SMOKE_PYTEST_ARGS   extra pytest arguments for the journeys (e.g. "-x -k officer")
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE_DATABASE_URL=${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_smoke}
DATABASE_NAME=${SMOKE_DATABASE_URL##*/}
case "$DATABASE_NAME" in
  *smoke) ;;
  *) echo "SMOKE_DATABASE_URL must name a throwaway database ending in 'smoke', not '$DATABASE_NAME'" >&2; exit 2 ;;
esac
DEV=.venv/bin  # the development virtualenv drives the browser (pytest, Playwright): `make install`
[ -x "$DEV/pytest" ] || { echo "run 'make install' first (the journeys run from .venv)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-smoke.XXXXXX")
PORT=${SMOKE_PORT:-$("$DEV/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE_URL=http://127.0.0.1:$PORT
started=$SECONDS
stage() { echo "=== deploy-smoke [$((SECONDS - started)) s] $*"; }

database() {  # database create|drop — on the server of SMOKE_DATABASE_URL, through its maintenance database
  "$DEV/python" - "$1" "$SMOKE_DATABASE_URL" "$DATABASE_NAME" <<'PY'
import sys
import psycopg2
action, url, name = sys.argv[1:]
connection = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if action == "create":
        cursor.execute(f'CREATE DATABASE "{name}"')
PY
}

cleanup() {
  status=$?
  for service in gunicorn worker; do
    # Each service leads its own process group (setsid): stop the group, gunicorn's workers included.
    [ -f "$WORK/$service.pid" ] && kill -TERM -- "-$(cat "$WORK/$service.pid")" 2>/dev/null || true
  done
  for _ in $(seq 20); do  # gunicorn finishes its requests and the worker its task, then both are gone
    pgrep -g "$(cat "$WORK/gunicorn.pid" "$WORK/worker.pid" 2>/dev/null | paste -sd, -)" >/dev/null 2>&1 || break
    sleep 0.5
  done
  if [ "$status" -ne 0 ]; then
    for log in gunicorn worker; do
      [ -f "$WORK/$log.log" ] && { echo "--- last lines of $log.log"; tail -n 40 "$WORK/$log.log"; }
    done
  fi
  database drop || true
  rm -rf "$WORK"
  echo "=== deploy-smoke [$((SECONDS - started)) s] $([ "$status" -eq 0 ] && echo passed || echo FAILED)"
}
trap cleanup EXIT

stage "throwaway database $DATABASE_NAME, directory $WORK, port $PORT"
database create

# What the operator writes once into the environment file that every command and service reads;
# here with this machine's throwaway values. The browser reaches gunicorn at $BASE_URL, so that is
# the origin CSRF trusts, as https://portal.example.go.th is in production; gunicorn's control
# socket goes to the throwaway directory, away from a production gunicorn on the same machine.
cat > "$WORK/portal.env" <<ENV
DEBUG=0
SECRET_KEY=$("$DEV/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=127.0.0.1
CSRF_TRUSTED_ORIGINS=$BASE_URL
DATABASE_URL=$SMOKE_DATABASE_URL
STATIC_ROOT=$WORK/static
MEDIA_ROOT=$WORK/media
DEFAULT_FROM_EMAIL=portal@example.go.th
PORTAL_BASE_URL=$BASE_URL
GUNICORN_CMD_ARGS="--bind 127.0.0.1:$PORT --workers 2 --control-socket $WORK/gunicorn.ctl"
ENV
export PORTAL_USER_PASSWORD
PORTAL_USER_PASSWORD=$("$DEV/python" -c 'import secrets; print(secrets.token_urlsafe(16))')

# The README's "Deploying" commands, verbatim (tests/test_readme.py holds them equal), in a subshell
# so that the production environment reaches the portal's processes and not the test runner.
(
  VENV=$WORK/venv
  ENV_FILE=$WORK/portal.env
  stage "install without the dev extra, at the locked versions"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -c requirements.lock pip
  "$VENV/bin/pip" install --quiet -c requirements.lock .
  set -a && . "$ENV_FILE" && set +a
  stage "migrate, collectstatic, load_reference_data, check --deploy"
  "$VENV/bin/python" manage.py migrate --noinput
  "$VENV/bin/python" manage.py collectstatic --noinput
  "$VENV/bin/python" manage.py load_reference_data
  "$VENV/bin/python" manage.py check --deploy --fail-level WARNING
  stage "the first accounts"
  "$VENV/bin/python" manage.py create_portal_user officer --role officer --email officer@example.go.th --first-name สุดา --last-name ตรวจดี
  "$VENV/bin/python" manage.py create_portal_user executive --role executive --email executive@example.go.th --first-name ประเสริฐ --last-name บริหาร
  "$VENV/bin/python" manage.py create_portal_user staff-bkk-central --role group_staff --group bkk-central --email staff@example.go.th --first-name มาลี --last-name ใจงาม
  stage "gunicorn and the worker, each its own process"
  setsid "$VENV/bin/gunicorn" bangkok_network.wsgi > "$WORK/gunicorn.log" 2>&1 &
  echo $! > "$WORK/gunicorn.pid"
  setsid "$VENV/bin/python" manage.py db_worker > "$WORK/worker.log" 2>&1 &
  echo $! > "$WORK/worker.pid"
)

# The production install really is without the dev extra, so the journeys prove it is enough.
"$WORK/venv/bin/python" -c 'import importlib.util as u, sys; dev = [m for m in ("pytest", "time_machine", "factory", "playwright") if u.find_spec(m)]; sys.exit(f"dev packages in the production install: {dev}" if dev else 0)'

for _ in $(seq 60); do
  kill -0 "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || { echo "gunicorn stopped" >&2; exit 1; }
  "$DEV/python" -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], headers={"X-Forwarded-Proto": "https"}), timeout=2)' \
    "$BASE_URL/accounts/login/" 2>/dev/null && break
  sleep 1
done

stage "role journeys in Chromium against $BASE_URL"
# shellcheck disable=SC2086  # SMOKE_PYTEST_ARGS is a list of words
DEPLOY_BASE_URL=$BASE_URL DEPLOY_PASSWORD=$PORTAL_USER_PASSWORD REQUIRE_BROWSER=1 \
  "$DEV/pytest" tests/deploy -m deploy ${SMOKE_PYTEST_ARGS:-}

stage "journeys passed"
# The builds were made by the worker process, not by gunicorn: its log names each one it ran.
built=$(grep -c "path=reports.tasks.build_document state=SUCCESSFUL" "$WORK/worker.log" || true)
echo "worker log: $built document builds finished"
[ "$built" -ge 2 ] || { echo "the worker did not build the package PDF and Excel" >&2; exit 1; }
! grep -n "Traceback" "$WORK/gunicorn.log" "$WORK/worker.log" || { echo "an error was logged" >&2; exit 1; }
