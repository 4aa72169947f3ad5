#!/usr/bin/env bash
# A throwaway MariaDB server for tests: its own data directory, socket and port under DIR,
# never the system service. `start` prints shell exports for the test suite; `stop` kills
# the server and removes DIR.
#   scripts/mariadb.sh start DIR [PORT]     (PORT defaults to a free one)
#   scripts/mariadb.sh stop DIR
#   scripts/mariadb.sh kill DIR             (SIGKILL, keeps DIR: outage tests restart it)
#   scripts/mariadb.sh restart DIR          (after kill: same data, same port)
set -euo pipefail

cmd=${1:?usage: mariadb.sh start|stop|kill|restart DIR [PORT]}
dir=${2:?usage: mariadb.sh start|stop|kill|restart DIR [PORT]}
as_user=()
[[ $(id -u) -eq 0 ]] && as_user=(--user=root)

launch() {
  local port=$1
  mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$dir/mariadbd.pid" --tmpdir="$dir/tmp" --log-error="$dir/error.log" \
    --skip-name-resolve --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
    --max-connections=500 "${as_user[@]}" </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/launcher.pid"
  for _ in $(seq 1 150); do
    if mariadb --no-defaults --socket="$dir/mysqld.sock" -u root -e "SELECT 1" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "mariadb.sh: MariaDB did not start; see $dir/error.log" >&2
  tail -20 "$dir/error.log" >&2 || true
  return 1
}

server_pid() { cat "$dir/mariadbd.pid" 2>/dev/null || cat "$dir/launcher.pid" 2>/dev/null || true; }

case "$cmd" in
start)
  port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  rm -rf "$dir"
  mkdir -p "$dir/data" "$dir/tmp"
  if ! mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db "${as_user[@]}" >"$dir/install.log" 2>&1; then
    echo "mariadb.sh: mariadb-install-db failed; see $dir/install.log" >&2
    exit 1
  fi
  launch "$port"
  password=$(openssl rand -hex 16)
  mariadb --no-defaults --socket="$dir/mysqld.sock" -u root <<SQL
CREATE USER 'atrium_test'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'atrium_test'@'127.0.0.1';
CREATE DATABASE atrium CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
SQL
  echo "$port" >"$dir/port"
  cat >"$dir/env" <<ENV
export ATRIUM_TEST_MYSQL_HOST=127.0.0.1
export ATRIUM_TEST_MYSQL_PORT=$port
export ATRIUM_TEST_MYSQL_USER=atrium_test
export ATRIUM_TEST_MYSQL_PASSWORD=$password
ENV
  cat "$dir/env"
  ;;
kill)
  pid=$(server_pid)
  [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
  while [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$dir/mariadbd.pid" "$dir/mysqld.sock"
  ;;
restart)
  launch "$(cat "$dir/port")"
  ;;
stop)
  pid=$(server_pid)
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: mariadb.sh start|stop|kill|restart DIR [PORT]" >&2
  exit 2
  ;;
esac
