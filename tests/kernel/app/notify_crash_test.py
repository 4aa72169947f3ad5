#!/usr/bin/env python3
"""A node killed in the middle of sending an email loses nothing and sends nothing twice.

atriumd sends the demo business's booking confirmations to a real SMTP server on loopback
(tests/support/smtp_sink.py) that stalls at RCPT TO; the test kills atriumd with SIGKILL
right then, lets the server answer again, starts atriumd anew and checks that every
message arrives exactly once and the outbox says sent.

usage: notify_crash_test.py ATRIUM ATRIUMD SOURCE_DIR WORK_DIR
"""
import glob
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

atrium, atriumd, source, work = sys.argv[1:5]
shutil.rmtree(work, ignore_errors=True)
maildir = os.path.join(work, "mail")
os.makedirs(maildir)
failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


sink = subprocess.Popen(["/usr/bin/python3", os.path.join(source, "tests/support/smtp_sink.py"), maildir], stdout=subprocess.PIPE, text=True)
port = int(sink.stdout.readline().split()[1])
common = ["--config", "-", "--data-dir", os.path.join(work, "data"),
          "--set", "notify.smtp.host=127.0.0.1", "--set", f"notify.smtp.port={port}",
          "--set", "notify.pollMilliseconds=200", "--set", "notify.leaseSeconds=3", "--set", "log.level=warn"]
server = None
try:
    subprocess.run([atrium] + common + ["demo"], check=True, capture_output=True)
    db = sqlite3.connect(os.path.join(work, "data", "atrium.db"))
    queued = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    check(queued == 3, f"the demo's upcoming bookings queued {queued} confirmations")

    with open(os.path.join(maildir, "stall_rcpt"), "w") as f:
        f.write("30")
    server = subprocess.Popen([atriumd] + common + ["--port", "0"], stdout=subprocess.DEVNULL)
    deadline = time.time() + 15
    while time.time() < deadline and db.execute("SELECT COUNT(*) FROM outbox WHERE lease_until > 0").fetchone()[0] == 0:
        time.sleep(0.1)
    time.sleep(0.5)  # the worker is now inside the SMTP conversation, stalled at RCPT TO
    server.send_signal(signal.SIGKILL)
    server.wait()
    check(glob.glob(os.path.join(maildir, "*.eml")) == [], "killed mid-delivery: nothing was delivered yet")
    os.remove(os.path.join(maildir, "stall_rcpt"))

    server = subprocess.Popen([atriumd] + common + ["--port", "0"], stdout=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline and db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0] < 3:
        time.sleep(0.2)
    time.sleep(4)  # longer than the lease: a duplicate would have been sent by now
    mails = sorted(glob.glob(os.path.join(maildir, "*.eml")))
    ids = [re.search(r"Message-ID: (\S+)", open(m).read()).group(1) for m in mails]
    check(len(mails) == 3, f"after the restart every message arrived ({len(mails)} of 3)")
    check(len(set(ids)) == len(ids), "no message arrived twice")
    states = dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    check(states == {"sent": 3}, f"the outbox says sent for all ({states})")
    server.send_signal(signal.SIGTERM)
    check(server.wait(timeout=30) == 0, "atriumd stops cleanly")
finally:
    for p in (server, sink):
        if p and p.poll() is None:
            p.kill()

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
