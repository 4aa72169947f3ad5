#!/usr/bin/env python3
"""Holds the kernel's #include edges to the floors in docs/architecture.md.

docs/architecture.md, section "Layers", has two parts this script reads:

* the floor table (between <!-- layers:table --> and <!-- /layers:table -->): one row per
  area, `| floor | area | files | may include |`. `files` lists path patterns relative to
  kernel/ (`src/core/` is a folder, `src/plugin_host/Host*` a glob); a file
  belongs to the area of its most specific (longest) pattern. `may include` names areas,
  each on a lower floor (so the table itself cannot hold a cycle); an area may always
  include itself.
* the debts (between <!-- layers:debts --> and <!-- /layers:debts -->): lines
  `` - `src/a/File.h` → `b/Other.h` `` naming an include that breaks the table today and
  that the layering work removes.

It reads every `#include "…"` of every file under kernel/ that resolves to a file under
kernel/src and fails on
  (a) an edge the table does not allow and that is not a listed debt (file:line), and
  (b) a listed debt that no longer exists, so the list only shrinks.

usage: include_layers.py REPO_ROOT"""
import fnmatch
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
ROW = re.compile(r"^\|(.*)\|\s*$")
DEBT = re.compile(r"^\s*-\s*`([^`]+)`\s*(?:→|->)\s*`([^`]+)`")
SOURCE_SUFFIXES = {".h", ".hpp", ".cpp", ".cc", ".in"}


def section(text, name):
    begin, end = f"<!-- layers:{name} -->", f"<!-- /layers:{name} -->"
    if begin not in text or end not in text:
        sys.exit(f"docs/architecture.md: missing {begin} … {end}")
    return text.split(begin, 1)[1].split(end, 1)[0]


def parse_table(text):
    areas = {}  # name -> (floor, [patterns], [may include])
    for line in section(text, "table").splitlines():
        m = ROW.match(line.strip())
        if not m:
            continue
        cells = [c.strip() for c in m.group(1).split("|")]
        if len(cells) != 4 or not cells[0].isdigit():
            continue  # header or separator
        floor, area, files, may = cells
        patterns = re.findall(r"`([^`]+)`", files)
        allowed = [a.strip().strip("`") for a in may.split(",") if a.strip() not in ("", "—", "-")]
        areas[area.strip("`")] = (int(floor), patterns, allowed)
    problems = []
    for area, (floor, _, allowed) in areas.items():
        for other in allowed:
            if other not in areas:
                problems.append(f"table: {area} may include unknown area {other}")
            elif areas[other][0] >= floor:
                problems.append(f"table: {area} (floor {floor}) may include {other} (floor {areas[other][0]}): "
                                "only lower floors")
    return areas, problems


def parse_debts(text):
    return [(m.group(1), m.group(2)) for m in map(DEBT.match, section(text, "debts").splitlines()) if m]


def area_of(path, areas):
    """The area whose most specific pattern matches `path` (relative to kernel/), or None."""
    best, best_len = None, -1
    for area, (_, patterns, _) in areas.items():
        for pattern in patterns:
            glob = pattern + "*" if pattern.endswith("/") else pattern
            if fnmatch.fnmatchcase(path, glob) and len(pattern) > best_len:
                best, best_len = area, len(pattern)
    return best


def main(root):
    root = pathlib.Path(root)
    kernel = root / "kernel"
    text = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    areas, problems = parse_table(text)
    debts = parse_debts(text)
    debt_set = set(debts)
    seen_debts = set()
    edges = 0

    for file in sorted(p for p in kernel.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES):
        rel = file.relative_to(kernel).as_posix()
        source_area = area_of(rel, areas)
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            if not (kernel / "src" / target).is_file():
                continue  # generated, or not the kernel's
            edges += 1
            if source_area is None:
                problems.append(f"kernel/{rel}:{number}: the file is in no area of the table")
                continue
            target_area = area_of("src/" + target, areas)
            if target_area is None:
                problems.append(f"kernel/{rel}:{number}: \"{target}\" is in no area of the table")
                continue
            if target_area == source_area or target_area in areas[source_area][2]:
                continue
            if (rel, target) in debt_set:
                seen_debts.add((rel, target))
                continue
            problems.append(f"kernel/{rel}:{number}: #include \"{target}\": {source_area} (floor "
                            f"{areas[source_area][0]}) may not include {target_area} (floor {areas[target_area][0]}); "
                            "see the table in docs/architecture.md, section Layers")

    for rel, target in debts:
        if (rel, target) not in seen_debts:
            problems.append(f"docs/architecture.md: the debt `{rel}` → `{target}` is paid (or the table allows it): "
                            "remove it from the list")

    for p in problems:
        print(p)
    print(f"{edges} kernel includes checked against {len(areas)} areas; {len(seen_debts)} debts left; "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
