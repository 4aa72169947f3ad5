#!/usr/bin/env python3
"""The walk-through of docs/api.md against a real atriumd: `atrium demo`, then book the demo
business over the public API, view the booking with its manage link, sign in as the owner
with the one-time password, change it, and find the booking in the back office.

usage: demo_walkthrough_test.py ATRIUM ATRIUMD WORK_DIR [--set key=value ...]
"""
import datetime
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request

atrium, atriumd, work = sys.argv[1], sys.argv[2], sys.argv[3]
extra = sys.argv[4:]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
if "database.backend=mysql" in extra:  # the throwaway MariaDB of make test, a fresh schema
    env = os.environ
    db = next(e.split("=", 1)[1] for e in extra if e.startswith("database.mysql.database="))
    subprocess.run(["mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", env["ATRIUM_TEST_MYSQL_PORT"], "-u", env["ATRIUM_TEST_MYSQL_USER"],
                    "-p" + env["ATRIUM_TEST_MYSQL_PASSWORD"], "-e",
                    f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"], check=True)
    extra += ["--set", "database.mysql.port=" + env["ATRIUM_TEST_MYSQL_PORT"], "--set", "database.mysql.user=" + env["ATRIUM_TEST_MYSQL_USER"],
              "--set", "database.mysql.password=" + env["ATRIUM_TEST_MYSQL_PASSWORD"]]
common = ["--config", "-", "--data-dir", work] + extra
failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=dict(headers or {}))
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with opener.open(req, timeout=20) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


demo = json.loads(subprocess.run([atrium, "--json"] + common + ["demo"], check=True, capture_output=True, text=True).stdout)
check(demo["created"] and len(demo["one_time_password"]) == 16, "atrium demo prints a one-time password once")
server = subprocess.Popen([atriumd] + common + ["--port", "0"], stdout=subprocess.PIPE, text=True)
try:
    port = None
    for line in server.stdout:
        m = re.search(r'"event":"server.started".*"port":(\d+)', line)
        if m:
            port = int(m.group(1))
            break
    BASE = f"http://127.0.0.1:{port}"

    status, services = call("GET", "/api/v1/public/demo/services")
    consultation = next(s for s in services["services"] if s["name"] == "Consultation")
    check(status == 200 and len(services["services"]) == 3, "the demo has three services")
    today = datetime.date.today()
    status, slots = call("GET", f"/api/v1/public/demo/slots?service={consultation['id']}"
                                f"&from={today + datetime.timedelta(days=1)}&to={today + datetime.timedelta(days=7)}")
    check(status == 200 and len(slots["slots"]) > 10, f"free slots next week ({len(slots.get('slots', []))})")
    start = slots["slots"][0]["start"]
    status, booked = call("POST", "/api/v1/public/demo/bookings",
                          {"service_id": consultation["id"], "start": start,
                           "client": {"name": "Alex Doe", "email": "alex@example.com"}})
    check(status == 201 and booked["booking"]["status"] == "confirmed", "booking created (201)")
    booking_id, token = booked["booking"]["id"], booked["manage"]["token"]
    status, _ = call("POST", "/api/v1/public/demo/bookings",
                     {"service_id": consultation["id"], "start": start, "client": {"name": "B", "email": "b@example.com"}})
    check(status == 409, "the same slot again: 409")
    status, seen = call("GET", f"/api/v1/public/demo/bookings/{booking_id}?token={token}")
    check(status == 200 and seen["booking"]["id"] == booking_id, "the manage link shows it")

    status, login = call("POST", "/api/v1/auth/login",
                         {"business": "demo", "email": demo["owner_email"], "password": demo["one_time_password"]})
    check(status == 200, "the owner signs in with the one-time password")
    csrf = {"X-CSRF-Token": login["csrf_token"]}
    status, err = call("GET", "/api/v1/bookings")
    check(status == 403 and err["error"]["code"] == "password_change_required", "a new password is required first")
    status, _ = call("POST", "/api/v1/auth/password",
                     {"current_password": demo["one_time_password"], "new_password": "walnut orchard lantern 5"}, csrf)
    check(status == 200, "password changed")
    status, listed = call("GET", "/api/v1/bookings?status=confirmed&limit=200")
    check(status == 200 and any(b["id"] == booking_id for b in listed["bookings"]), "the back office lists the booking")

    status, _ = call("POST", "/api/v1/auth/reauth", {"password": "walnut orchard lantern 5"}, csrf)
    check(status == 200, "re-authenticated for privacy mode")
    check("client_id" not in booked["booking"], "the public answer does not say whether the email was known")
    status, staff_view = call("GET", f"/api/v1/bookings/{booking_id}")
    client_id = staff_view["booking"]["client_id"]
    status, export = call("GET", f"/api/v1/privacy/clients/{client_id}/export")
    check(status == 200 and export["profile"]["email"] == "alex@example.com", "the client's export")
    status, erased = call("POST", f"/api/v1/privacy/clients/{client_id}/erase", {}, csrf)
    check(status == 200 and erased["bookings_cancelled"] == 1, "the client erased (their future booking cancelled)")
    status, audit = call("GET", "/api/v1/audit?limit=20")
    actions = [e["action"] for e in audit.get("entries", [])]
    check(status == 200 and audit["chain_intact"] and {"auth.reauthenticated", "privacy.client_exported", "client.erased"} <= set(actions),
          "the audit trail shows exactly those actions")

    server.send_signal(signal.SIGTERM)
    check(server.wait(timeout=30) == 0, "atriumd stops cleanly")
finally:
    if server.poll() is None:
        server.kill()

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
