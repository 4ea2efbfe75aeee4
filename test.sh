#!/usr/bin/env bash
# Runs every ParkOps test: domain rules, HTTP + storage on SQLite and on PostgreSQL, and the browser tests in
# headless Chromium. On a fresh Debian machine it first installs what is missing (PostgreSQL, Chromium, CJK
# fonts) and starts PostgreSQL on 127.0.0.1:5432. Usage: ./test.sh [--no-browser] [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")"

browser=1
if [[ ${1:-} == --no-browser ]]; then browser=0; shift; fi

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
[[ $browser == 0 ]] || [[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ $browser == 0 ]] || fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)  # not grep -q: with pipefail its early exit fails the pipe
ls /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf >/dev/null 2>&1 || need+=(fonts-arphic-gbsn00lp)
if (( ${#need[@]} )); then
  echo "== installing: ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL: the cluster Debian creates, on loopback, with a password for the test user
PGPASSWORD_TEST=${PARKOPS_PG_PASSWORD:-parkops}
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then as_root pg_createcluster "$ver" main >/dev/null; fi
if ! pg_lsclusters -h | grep "^$ver main" | grep -q online; then as_root pg_ctlcluster "$ver" main start; fi
for i in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
# the suites open many databases at once (a host per test class, each with its own pool; the booking race opens
# dozens of connections): PostgreSQL's default of 100 connections is too few, so raise it once and restart
if (( $(as_root su postgres -c "psql -tAq -c 'show max_connections'") < 300 )); then
  as_root su postgres -c "psql -q -c 'alter system set max_connections = 300'" >/dev/null
  as_root pg_ctlcluster "$ver" main restart
  for i in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
as_root su postgres -c "psql -q -c \"alter user postgres password '$PGPASSWORD_TEST'\"" >/dev/null
export PARKOPS_TEST_PG="Host=127.0.0.1;Port=5432;Username=postgres;Password=$PGPASSWORD_TEST;Database=postgres"

echo "== build"
dotnet build ParkOps.slnx -c Release -nologo -v q -clp:ErrorsOnly

passed=0; failed=0; skipped=0
run() {
  local name=$1; shift
  local started=$SECONDS
  echo "== $name"
  local log; log=$(mktemp)
  set +e
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  # totals from the runner's summary lines ("Passed!  - Failed: 0, Passed: 12, Skipped: 0 ...")
  local found=0
  while read -r f p s; do failed=$((failed+f)); passed=$((passed+p)); skipped=$((skipped+s)); found=1; done < <(
    grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" |
      sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/')
  rm -f "$log"
  echo "== $name: $((SECONDS - started)) s"
  # a run that failed without a summary (build break, crash) still counts as a failure
  if [[ $rc != 0 && $found == 0 ]]; then failed=$((failed+1)); fi
  return $rc
}

status=0
# the console logger at "minimal" prints each failing test's message and stack (at -v q alone only its name); each phase
# also writes a .trx (every test's duration) to TestResults/<phase>.trx, so the run's time can be read per class afterwards
t() { local phase=$1; shift; dotnet test "$1" -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" \
  --results-directory TestResults --logger "trx;LogFileName=$phase.trx" "${@:2}"; }
run "domain" t domain tests/ParkOps.Domain.Tests "$@" || status=1
PARKOPS_TEST_PROVIDER=Sqlite run "web on SQLite" t web-sqlite tests/ParkOps.Web.Tests "$@" || status=1
PARKOPS_TEST_PROVIDER=Postgres run "web on PostgreSQL" t web-postgres tests/ParkOps.Web.Tests "$@" || status=1
if [[ $browser == 1 && -d tests/ParkOps.Browser.Tests ]]; then
  PARKOPS_TEST_PROVIDER=Sqlite run "browser (Chromium) on SQLite" t browser-sqlite tests/ParkOps.Browser.Tests "$@" || status=1
  PARKOPS_TEST_PROVIDER=Postgres run "browser (Chromium) on PostgreSQL" t browser-postgres tests/ParkOps.Browser.Tests "$@" || status=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
