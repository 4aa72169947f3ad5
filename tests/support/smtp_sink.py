#!/usr/bin/env python3
"""A real SMTP server on loopback for the notification tests (aiosmtpd, Debian's
python3-aiosmtpd). Every accepted message is written to DIR/<n>.eml. Control files in DIR
change its behaviour while it runs:
  DIR/fail       answer 451 (try again later) to every message
  DIR/stall_rcpt stall at RCPT TO for that many seconds (a client killed then never sends DATA)
Prints "PORT <n>" once listening; stops on SIGTERM.
usage: smtp_sink.py DIR
"""
import asyncio
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller

maildir = sys.argv[1]
os.makedirs(maildir, exist_ok=True)
counter = [0]


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        stall = os.path.join(maildir, "stall_rcpt")
        if os.path.exists(stall):
            await asyncio.sleep(float(open(stall).read().strip() or "5"))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(maildir, "fail")):
            return "451 4.3.0 try again later"
        counter[0] += 1
        tmp = os.path.join(maildir, f".{counter[0]}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(maildir, f"{counter[0]}.eml"))
        return "250 2.0.0 accepted"


s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print(f"PORT {port}", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
