#!/usr/bin/env python3
"""Checks the kernel's message catalogue against the kernel's sources (as xgettext + msgfmt
--check would): every message the kernel can answer an API client with is a core::Text
template with a translation in every catalogue, no message is built by concatenation (it
could not be translated), translations keep the template's {placeholders}, and the
catalogue holds no entry the sources no longer use.

messages.en.json is English for readers: it needs an entry only for a template that speaks
like an API (it starts with a field's API name, such as "last_day must ..." or
"price_cents must ...", or names an API path), and every {field} label the other
catalogues have.

Messages are the string literals (adjacent literals joined) with a space in them among the
arguments of Text(...), the error types (ValidationError, NotFoundError, ConflictError,
DomainError, HttpError) and the HTTP layer's helpers (errorResponse, invalid, fail).
The CLI (kernel/src/cli) speaks English only and is not scanned.

usage: kernel_messages.py REPO_ROOT"""
import json
import pathlib
import re
import sys

CALLS = re.compile(r"\b(Text|ValidationError|NotFoundError|ConflictError|DomainError|HttpError|errorResponse|invalid|fail)\s*\(")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# "last_day must ...", "to must not be before from", "... (POST /api/v1/auth/reauth)"
API_WORDING = re.compile(r"^(?:[a-z]+_[a-z_]+|[a-z]+) (?:must|is|are|needs)\b|/api/v1/")


def strip_comments(src):
    """Blanks out comments and raw string literals (SQL, JSON), keeping offsets."""
    out, i, n = list(src), 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i) + 2
            out[i:j] = " " * (j - i)
            i = j
        elif c == "R" and src.startswith('R"', i) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            open_paren = src.find("(", i)
            delim = src[i + 2:open_paren]
            j = src.find(")" + delim + '"', open_paren) + len(delim) + 2
            out[i:j] = " " * (j - i)
            i = j
        elif c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            i = j + 1
        elif c == "'":
            j = i + 1
            while src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            i = j + 1
        else:
            i += 1
    return "".join(out)


def call_args(src, start):
    """The text between the parenthesis at `start` and its match."""
    depth, i = 0, start
    while True:
        c = src[i]
        if c == '"':
            i += 1
            while src[i] != '"':
                i += 2 if src[i] == "\\" else 1
        elif c == "'":
            i += 1
            while src[i] != "'":
                i += 2 if src[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return src[start + 1:i]
        i += 1


LITERAL_GROUP = re.compile(r'"(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*')


def messages_in(args):
    """(text, concatenated) for each literal group with a space in it."""
    for m in LITERAL_GROUP.finditer(args):
        text = "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(0)))
        if " " not in text:
            continue
        before, after = args[:m.start()].rstrip(), args[m.end():].lstrip()
        yield text, before.endswith("+") or after.startswith("+")


def main(root):
    root = pathlib.Path(root)
    found = {}  # text -> first place
    problems = []
    for path in sorted((root / "kernel" / "src").rglob("*")):
        if path.suffix not in (".cpp", ".h") or "cli" in path.relative_to(root / "kernel" / "src").parts[:1]:
            continue
        src = strip_comments(path.read_text(encoding="utf-8"))
        for call in CALLS.finditer(src):
            args = call_args(src, call.end() - 1)
            for text, concatenated in messages_in(args):
                where = f"{path.relative_to(root)}:{src.count(chr(10), 0, call.start()) + 1}"
                if concatenated:
                    problems.append(f"{where}: message built by concatenation, use core::Text with placeholders: {text!r}")
                else:
                    found.setdefault(text, where)
    if len(found) < 50:
        problems.append(f"only {len(found)} messages found in kernel/src: the scanner is broken")
    for catalogue in sorted((root / "kernel" / "i18n").glob("messages.*.json")):
        entries = {k: v for k, v in json.loads(catalogue.read_text(encoding="utf-8")).items() if isinstance(v, str)}
        name = catalogue.name
        english = name == "messages.en.json"
        for text, where in sorted(found.items(), key=lambda kv: kv[1]):
            if text not in entries:
                if not english:
                    problems.append(f"{where}: no translation in {name}: {text!r}")
                elif API_WORDING.search(text) and not re.match(r"^(the|this|each|it|you|your|one) ", text):
                    problems.append(f"{where}: speaks like an API; give English readers its words in {name}: {text!r}")
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entries[text])):
                problems.append(f"{name}: placeholders differ from the template's: {text!r} -> {entries[text]!r}")
        for key in sorted(entries):
            if not key.startswith("field:") and key not in found:
                problems.append(f"{name}: no kernel message uses this entry any more: {key!r}")
    labels = {}
    for catalogue in sorted((root / "kernel" / "i18n").glob("messages.*.json")):
        labels[catalogue.name] = {k for k in json.loads(catalogue.read_text(encoding="utf-8")) if k.startswith("field:")}
    for name, keys in labels.items():
        for other, theirs in labels.items():
            for key in sorted(theirs - keys):
                problems.append(f"{name}: no label {key!r} ({other} has one)")
    for p in problems:
        print(p)
    print(f"{len(found)} kernel messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]))
