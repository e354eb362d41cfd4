#!/usr/bin/env python3
"""check_lang_formats.py LANG_C — every Chinese entry of render/describe/lang.c takes the same
printf arguments as its English: the same conversions in the same order (a positional %2$d counts
at its position; %.0s swallows an English plural's string and counts as %s). A mismatch would be
undefined behaviour the moment --lang zh draws it."""
import re
import sys


def literal(x):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', x))


def conversions(fmt):
    out = []
    for m in re.finditer(r"%(\d+\$)?[-+ #0-9.]*(hh|h|ll|l|z|j)?([diouxXcspf%])", fmt):
        if m.group(3) != "%":
            out.append((int(m.group(1)[:-1]) if m.group(1) else len(out) + 1, (m.group(2) or "") + m.group(3)))
    return [c for _, c in sorted(out)]


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    start = text.index("lang_zh[] = {")
    body = text[start:text.index("\n};", start)]
    pairs = re.findall(r'\{\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}', body)
    bad = [(literal(e), literal(z)) for e, z in pairs if conversions(literal(e)) != conversions(literal(z))]
    seen, dup = set(), []
    for e, _ in pairs:
        dup += [literal(e)] if literal(e) in seen else []
        seen.add(literal(e))
    for e, z in bad:
        print(f"arguments differ: {e!r} -> {z!r}")
    for e in dup:
        print(f"twice in the table: {e!r}")
    if len(pairs) < 100:
        print(f"only {len(pairs)} entries read: the table's layout changed?")
        return 1
    return 1 if bad or dup else 0


if __name__ == "__main__":
    sys.exit(main())
