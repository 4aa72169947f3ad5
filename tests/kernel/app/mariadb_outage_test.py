#!/usr/bin/env python3
"""MariaDB dies while atriumd serves: /healthz must answer 503 with a JSON error (no crash,
no hang), and everything must recover by itself when MariaDB is back.

usage: mariadb_outage_test.py ATRIUMD SCRIPTS_DIR WORK_DIR
Starts its own MariaDB (scripts/mariadb.sh) so killing it disturbs no other test.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

atriumd, scripts, work = sys.argv[1], sys.argv[2], sys.argv[3]
mariadb = os.path.join(scripts, "mariadb.sh")
dbdir = os.path.join(work, "mariadb-outage")
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=15) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


env_lines = subprocess.run([mariadb, "start", dbdir], check=True, capture_output=True, text=True).stdout
db = dict(re.findall(r"export (\w+)=(\S*)", env_lines))
server = None
try:
    args = [atriumd, "--config", "-", "--port", "0",
            "--set", "database.backend=mysql",
            "--set", "database.mysql.host=127.0.0.1",
            "--set", "database.mysql.port=" + db["ATRIUM_TEST_MYSQL_PORT"],
            "--set", "database.mysql.user=" + db["ATRIUM_TEST_MYSQL_USER"],
            "--set", "database.mysql.database=atrium",
            "--set", "database.mysql.connectTimeoutSeconds=2",
            "--set", "database.mysql.readTimeoutSeconds=5",
            "--set", "data.dir=" + os.path.join(dbdir, "atrium-data")]
    env = dict(os.environ, ATRIUM_DATABASE_MYSQL_PASSWORD=db["ATRIUM_TEST_MYSQL_PASSWORD"])
    server = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    port = None
    for line in server.stdout:
        m = re.search(r'"event":"server.started".*"port":(\d+)', line)
        if m:
            port = int(m.group(1))
            break
    check(port is not None, "atriumd started on MariaDB")

    status, body = get(port, "/healthz")
    check(status == 200 and json.loads(body)["database"] == "mysql", "healthz 200 while MariaDB is up")

    subprocess.run([mariadb, "kill", dbdir], check=True)
    status, body = get(port, "/healthz")
    doc = json.loads(body)
    check(status == 503, f"healthz 503 while MariaDB is down (got {status})")
    check(doc.get("error", {}).get("code") == "database_unavailable", "the 503 body is a JSON error")
    check(server.poll() is None, "atriumd is still running")

    subprocess.run([mariadb, "restart", dbdir], check=True)
    deadline = time.time() + 20
    status = 0
    while time.time() < deadline and status != 200:
        status, body = get(port, "/healthz")
        if status != 200:
            time.sleep(0.3)
    check(status == 200, "healthz back to 200 once MariaDB is back")

    server.send_signal(signal.SIGTERM)
    check(server.wait(timeout=30) == 0, "atriumd exits 0 on SIGTERM")
finally:
    if server and server.poll() is None:
        server.kill()
    subprocess.run([mariadb, "stop", dbdir])

sys.exit(1 if failures else 0)
