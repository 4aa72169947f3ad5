#!/usr/bin/env python3
"""The code in docs/sdk.md compiles against the INSTALLED SDK, and its JSON parses.

A plugin author copies from the guide with nothing but the installed SDK, so this test
installs it (cmake --install, as tests/sdk/out_of_tree_test.sh does) into a temporary
prefix and compiles every ```cpp and ```c block of the guide with -fsyntax-only against
<prefix>/include alone (and RapidJSON), warnings as errors:

- a block with an #include is a complete translation unit and compiled as it stands;
- a block without one is file-scope code: the SDK header is included first
  (<atrium/sdk/Sdk.hpp> for C++, <atrium/abi/atrium.h> for C);
- a block right after the line `<!-- fragment -->` holds statements: it is compiled as
  the body of a function that has `host` (atrium::sdk::Host&), `payload` (const
  rapidjson::Value&), `clientId`, `bookingId` (std::string) and `held`
  (std::vector<std::string>) in scope.

ATRIUM_PLUGIN_MANIFEST is generated from the guide's first plugin.json (the tutorial's,
a ```json block with an "id") through the installed AtriumPluginManifest.h.in and
force-included, as atrium_add_plugin does. Every ```json block must parse (a fixture
file, a manifest, a schema). A failure names the block's line in docs/sdk.md; compiler
messages point into docs/sdk.md too (#line).

usage: doc_blocks_test.py SOURCE_DIR BUILD_DIR WORK_DIR CXX CC [RAPIDJSON_INCLUDE_DIRS]
(RAPIDJSON_INCLUDE_DIRS separated by ':' or ';'; empty when RapidJSON is in a system path)
"""
import json
import os
import re
import shutil
import subprocess
import sys

FRAGMENT = "<!-- fragment -->"
FENCE = re.compile(r"^(\s*)```([A-Za-z0-9_+-]*)\s*$")


def blocks(path):
    """(language, first content line (1-based), text, is_fragment) of each fenced block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, language = m.group(1), m.group(2).lower()
        previous = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        start = i + 1
        j = start
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        if j == len(lines):
            sys.exit(f"{path}:{i + 1}: a ``` block is never closed")
        body = [line[len(indent):] if line.startswith(indent) else line for line in lines[start:j]]
        out.append((language, start + 1, "\n".join(body) + "\n", previous == FRAGMENT))
        i = j + 1
    return out


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    src, build, work, cxx, cc = sys.argv[1:6]
    rapidjson = [d for d in re.split(r"[:;]", sys.argv[6] if len(sys.argv) > 6 else "") if d]
    doc = os.path.join(src, "docs", "sdk.md")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prefix = os.path.join(work, "prefix")
    subprocess.run(["cmake", "--install", os.path.join(build, "sdk"), "--prefix", prefix],
                   check=True, stdout=subprocess.DEVNULL)
    include = os.path.join(prefix, "include")
    template = None
    for root, _, files in os.walk(prefix):
        if "AtriumPluginManifest.h.in" in files:
            template = os.path.join(root, "AtriumPluginManifest.h.in")
    if not os.path.isfile(os.path.join(include, "atrium", "sdk", "Sdk.hpp")) or template is None:
        sys.exit(f"FAIL the installed SDK under {prefix} lacks its headers or AtriumPluginManifest.h.in")

    all_blocks = blocks(doc)
    failures = 0
    passed = 0
    compiled = 0

    # JSON first: the tutorial's manifest is also what the code blocks are compiled with.
    manifest = None
    for language, line, text, _ in all_blocks:
        if language != "json":
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            print(f"FAIL docs/sdk.md:{line + e.lineno - 1}: the ```json block starting at line {line} "
                  f"does not parse: {e.msg}")
            failures += 1
            continue
        passed += 1
        if manifest is None and isinstance(value, dict) and "id" in value and "abi" in value:
            manifest = text
    if manifest is None:
        print("FAIL docs/sdk.md holds no plugin.json that parses (a ```json block with \"id\" and \"abi\")")
        failures += 1
        manifest = "{}"  # still compile the code
    header = os.path.join(work, "manifest.h")
    with open(template, encoding="utf-8") as f:
        generated = f.read().replace("@ATRIUM_MANIFEST_PATH@", "docs/sdk.md").replace(
            "@ATRIUM_MANIFEST_TEXT@", manifest)
    with open(header, "w", encoding="utf-8") as f:
        f.write(generated)

    flags = ["-fsyntax-only", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", include]
    for d in rapidjson:
        if os.path.normpath(d) not in ("/usr/include", "/usr/local/include"):  # -isystem there breaks #include_next
            flags += ["-isystem", d]
    for n, (language, line, text, fragment) in enumerate(all_blocks):
        if language in ("cpp", "c++", "cxx"):
            is_c = False
        elif language == "c":
            is_c = True
        else:
            continue
        where = f'#line {line} "{doc}"\n'
        if fragment:
            if is_c:
                prologue = "#include <atrium/abi/atrium.h>\nvoid atrium_doc_fragment(void) {\n"
            else:
                prologue = (
                    "#include <atrium/sdk/Sdk.hpp>\n#include <cstdint>\n#include <string>\n#include <vector>\n"
                    "using namespace atrium::sdk;\n"
                    "[[maybe_unused]] static void atriumDocFragment(\n"
                    "    [[maybe_unused]] atrium::sdk::Host& host,\n"
                    "    [[maybe_unused]] const rapidjson::Value& payload,\n"
                    "    [[maybe_unused]] const std::string& clientId,\n"
                    "    [[maybe_unused]] const std::string& bookingId,\n"
                    "    [[maybe_unused]] const std::vector<std::string>& held) {\n")
            source = prologue + where + text + "}\n"
        elif re.search(r"^\s*#\s*include\b", text, re.M):
            source = where + text
        else:
            source = ("#include <atrium/abi/atrium.h>\n" if is_c else "#include <atrium/sdk/Sdk.hpp>\n") + where + text
        path = os.path.join(work, f"block{n}_line{line}.{'c' if is_c else 'cpp'}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        command = ([cc, "-std=c99"] if is_c else [cxx, "-std=c++17", "-include", header]) + flags + [path]
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        kind = ("fragment " if fragment else "") + ("C" if is_c else "C++")
        if result.returncode != 0:
            print(f"FAIL docs/sdk.md:{line}: the ```{language} block ({kind}) does not compile "
                  f"against the installed SDK:\n{result.stdout.rstrip()}")
            failures += 1
        else:
            print(f"ok   docs/sdk.md:{line}: ```{language} block ({kind}) compiles")
            passed += 1
            compiled += 1
    if compiled == 0 and failures == 0:
        print("FAIL docs/sdk.md: no ```cpp or ```c block was found (the tutorial's code at least)")
        failures += 1
    print(f"{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
