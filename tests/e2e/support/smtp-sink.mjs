// A tiny SMTP server for tests: accepts every message (no TLS, no AUTH) and keeps it in
// memory, so a test can read what Atrium sent (manage and unsubscribe links).
//   const sink = await startSmtpSink();  startAtrium({ set: sink.config }) …
//   const mail = await sink.waitFor((m) => m.to.includes("a@example.com") && /Unsubscribe/.test(m.text));
import net from "node:net";

/// Decodes what a test needs from a raw message (`raw`: the bytes as a latin1 string):
/// headers unfolded, UTF-8 encoded words (=?UTF-8?Q|B?…?=) and quoted-printable soft breaks
/// and =XX escapes undone, then the bytes read as UTF-8 (Atrium's mail is UTF-8, zh-TW
/// included). Good enough to find links and text; not a MIME parser.
function decode(raw) {
  const unfolded = raw.replace(/\r\n[ \t]+/g, " ");
  const words = unfolded
    .replace(/(\?=)\s+(?==\?)/g, "$1") // the space between two encoded words is not text
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (m, enc, text) => enc.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("latin1")
      : text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (x, h) => String.fromCharCode(parseInt(h, 16))));
  const bytes = words.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

export async function startSmtpSink() {
  const messages = [];
  const waiters = [];
  const server = net.createServer((sock) => {
    let buf = "", inData = false, cur = null;
    const reply = (s) => sock.write(s + "\r\n");
    reply("220 atrium-e2e-sink ESMTP");
    sock.on("data", (chunk) => {
      buf += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          cur.raw = buf.slice(0, end).replace(/^\.\./gm, ".");
          cur.text = decode(cur.raw);
          buf = buf.slice(end + 5);
          inData = false;
          const msg = cur;
          cur = null; // the next message starts with its own MAIL
          messages.push(msg);
          for (const w of [...waiters]) if (w.pred(msg)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(msg); }
          reply("250 queued");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 atrium-e2e-sink");
        else if (verb === "MAIL") { cur = { from: line.slice(10).trim(), to: [] }; reply("250 ok"); }
        else if (verb === "RCPT") {
          if (!cur) { reply("503 need MAIL first"); continue; }
          cur.to.push(line.slice(8).trim().replace(/[<>]/g, "")); reply("250 ok");
        }
        else if (verb === "DATA") {
          if (!cur || !cur.to.length) { reply("503 need MAIL and RCPT first"); continue; }
          inData = true; reply("354 end with <CRLF>.<CRLF>");
        }
        else if (verb === "QUIT") { reply("221 bye"); sock.end(); return; }
        else if (verb === "RSET") { cur = null; reply("250 ok"); }
        else if (verb === "NOOP") reply("250 ok");
        else reply("502 not implemented");
      }
    });
    sock.on("error", () => {});
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  return {
    port,
    messages,
    /// atriumd settings that send email here.
    config: { "notify.smtp.host": "127.0.0.1", "notify.smtp.port": port, "notify.pollMilliseconds": 200 },
    /// The first message (already received or coming) that matches `pred`.
    waitFor(pred, timeoutMs = 10000) {
      const hit = messages.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) { waiters.splice(i, 1); reject(new Error(`no matching email within ${timeoutMs} ms (${messages.length} received)`)); } }, timeoutMs).unref();
      });
    },
    close: () => new Promise((r) => server.close(r)),
  };
}
