#!/usr/bin/env bash
# Throughput of the public slots endpoint and of booking creation (wrk, keep-alive), on
# SQLite and on a throwaway MariaDB, next to the /healthz figure of the same server; then,
# on SQLite, booking creation with the terms plugin enforcing a published version (each
# booking carries the acceptance and stores the evidence), and the booking page's files.
# usage: tests/bench/booking_wrk.sh BUILD_DIR        (needs wrk, curl, python3)
set -euo pipefail
build=$(cd "${1:?usage: booking_wrk.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
scripts=$(cd "$here/../../scripts" && pwd)
work=$(mktemp -d)
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; "$scripts/mariadb.sh" stop "$work/mariadb" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

run() { # $1 = label ("…+terms": the terms plugin on), rest = atrium/atriumd options
  local label=$1; shift
  local port; port=$(free_port)
  local opts=(--config - --data-dir "$work/data-$label" "$@")
  "$build/kernel/atrium" "${opts[@]}" business create --slug bench --name Bench --time-zone Europe/Berlin >/dev/null
  echo "cobalt harbour quilt 9" | "$build/kernel/atrium" "${opts[@]}" user create --business bench --email owner@bench.example --name Owner --role owner >/dev/null
  # The limits for anonymous callers are off: this measures the booking path itself (one
  # address books thousands of times); tests/kernel covers the limits.
  "$build/kernel/atriumd" "${opts[@]}" --port "$port" --set public.requestsPerMinute=0 --set public.bookingsPerHourPerAddress=0 \
    --set public.bookingsPerMinutePerBusiness=0 --set booking.maxPendingPerEmail=0 --set log.level=warn --set http.threads=128 --set database.pool.size=16 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local api="http://127.0.0.1:$port/api/v1" jar="$work/jar-$label"
  local csrf; csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' -d '{"business":"bench","email":"owner@bench.example","password":"cobalt harbour quilt 9"}' "$api/auth/login" | json "['csrf_token']")
  local h=(-sf -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf")
  local svc; svc=$(curl "${h[@]}" -d '{"name":"Consultation","duration_min":15}' "$api/services" | json "['id']")
  local prov; prov=$(curl "${h[@]}" -d '{"email":"p@bench.example","display_name":"P","role":"staff","password":"amber meadow violin 7","bookable":true}' "$api/staff" | json "['id']")
  local week='{"hours":[{"weekday":0,"start_min":0,"end_min":1440},{"weekday":1,"start_min":0,"end_min":1440},{"weekday":2,"start_min":0,"end_min":1440},{"weekday":3,"start_min":0,"end_min":1440},{"weekday":4,"start_min":0,"end_min":1440},{"weekday":5,"start_min":0,"end_min":1440},{"weekday":6,"start_min":0,"end_min":1440}]}'
  curl "${h[@]}" -X PUT -d "$week" "$api/staff/$prov/hours" >/dev/null
  curl "${h[@]}" -X PATCH -d '{"booking_horizon_days":3650}' "$api/business" >/dev/null # unique times reach years ahead
  if [[ $label == *+terms ]]; then
    curl "${h[@]}" -d '{"config":{}}' "$api/features/terms/enable" >/dev/null
    curl "${h[@]}" -d '{"locales":{"en":{"summary":"s","terms":"# Terms\n\nCancel **24 h** before.","privacy":"We keep your name."},"zh-TW":{"summary":"s","terms":"條款","privacy":"隱私"}}}' \
      "$api/plugins/terms/versions" >/dev/null
    echo "== $label: POST public bookings with the current terms accepted (evidence stored)"
    wrk -t2 -c16 -d10s -s "$here/create_booking.lua" "http://127.0.0.1:$port" -- bench "$svc" "$prov" '{"terms":{"accepted_version":1}}' |
      grep -E "Requests/sec|Latency|non-201"
    echo "== $label: GET /b/bench (the booking page) and /static/core/atrium.js"
    wrk -t2 -c64 -d5s "http://127.0.0.1:$port/b/bench" | grep -E "Requests/sec|Latency"
    wrk -t2 -c64 -d5s "http://127.0.0.1:$port/static/core/atrium.js" | grep -E "Requests/sec|Latency"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    return
  fi
  local from; from=$(date -u -d '+1 day' +%F); local to; to=$(date -u -d '+7 days' +%F)
  echo "== $label: GET /healthz"
  wrk -t2 -c64 -d10s "http://127.0.0.1:$port/healthz" | grep -E "Requests/sec|Latency"
  echo "== $label: GET slots (7 days, one provider, 15-min service: $(curl -sf "$api/public/bench/slots?service=$svc&from=$from&to=$to" | json "['slots'].__len__()") slots)"
  wrk -t2 -c64 -d10s "$api/public/bench/slots?service=$svc&from=$from&to=$to" | grep -E "Requests/sec|Latency"
  echo "== $label: POST public bookings (unique times, one provider)"
  wrk -t2 -c16 -d10s -s "$here/create_booking.lua" "http://127.0.0.1:$port" -- bench "$svc" "$prov" | grep -E "Requests/sec|Latency|non-201"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

run sqlite
run sqlite+terms --set plugins.dir="$build/plugins" --set web.root="$here/../../web"
eval "$("$scripts/mariadb.sh" start "$work/mariadb")"
run mariadb --set database.backend=mysql --set database.mysql.port="$ATRIUM_TEST_MYSQL_PORT" \
  --set database.mysql.user="$ATRIUM_TEST_MYSQL_USER" --set database.mysql.password="$ATRIUM_TEST_MYSQL_PASSWORD" \
  --set database.mysql.database=atrium
