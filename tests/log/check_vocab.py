#!/usr/bin/env python3
"""check_vocab.py — the log's vocabulary is written in four places; hold them to one another.

include/ptviz/log.h names every event type and every enumerated word (vocab_dump prints them as
JSON). tests/tracer/validate_log.py (REQUIRED, ENUMS, END_REASONS, MODES) and docs/event-log.md
(its headings, its example lines' "field":"a|b|c" lists, its word tables and its Vocabulary
table) must say exactly the same: a word added in one place only fails this test, naming the place.

Usage: check_vocab.py VOCAB_DUMP_BINARY VALIDATOR DOC
"""
import importlib.util
import json
import re
import subprocess
import sys


def load_dump(binary):
    out = subprocess.run([binary], check=True, capture_output=True, text=True).stdout
    d = json.loads(out)
    fields = {}
    for f in d["fields"]:
        key = (f["event"], f["field"])
        if key in fields:
            raise SystemExit(f"log.h: ptv_vocab_fields names {key} twice")
        fields[key] = f["names"]
    return d["events"], fields


def load_validator(path):
    spec = importlib.util.spec_from_file_location("validate_log", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dups(words):
    return sorted({w for w in words if words.count(w) > 1})


def compare(errors, where, what, got, want):
    """got and want are word collections; report the words only one side has."""
    got, want = set(got), set(want)
    if got != want:
        errors.append(f"{where}: {what}: only there: {sorted(got - want)}; only in log.h: {sorted(want - got)}")


def check_validator(errors, v, events, fields):
    compare(errors, "validate_log.py", "event types (REQUIRED + header, end)",
            set(v.REQUIRED) | {"header", "end"}, events)
    special = {("end", "reason"): ("END_REASONS", v.END_REASONS), ("header", "mode"): ("MODES", v.MODES)}
    for key, names in fields.items():
        if key in special:
            name, words = special[key]
            compare(errors, "validate_log.py", name, words, names)
        elif key not in v.ENUMS:
            errors.append(f"validate_log.py: ENUMS has no {key} (log.h: {names})")
        else:
            compare(errors, "validate_log.py", f"ENUMS{key}", v.ENUMS[key], names)
    for key in v.ENUMS:
        if key not in fields:
            errors.append(f"validate_log.py: ENUMS{key} is not in log.h's ptv_vocab_fields")


def doc_sections(text):
    """(event types, body) for every heading that names events: '### thread / thread_exit — ...'."""
    sections, cur = [], None
    for line in text.splitlines():
        m = re.match(r"#{2,3} (.*)", line)
        if m:
            head = re.split(r" — | \(", m.group(1))[0]
            names = [w.strip() for w in head.split("/")]
            cur = (names, []) if all(re.fullmatch(r"[a-z_]+", w) for w in names) else ([], [])
            sections.append(cur)
        elif cur is not None:
            cur[1].append(line)
    return sections


def table_first_column(lines, start):
    """The first cells of the table whose header row is lines[start] (backticks stripped)."""
    words = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        words.append(line.split("|")[1].strip().strip("`"))
    return words


def check_doc(errors, text, events, fields):
    sections = doc_sections(text)
    named = [e for names, _ in sections for e in names]
    compare(errors, "event-log.md", "headings' event types", named, events)
    for e in dups(named):
        errors.append(f"event-log.md: event type {e!r} has two headings")
    for names, body in sections:
        for i, line in enumerate(body):
            # Example lines: {"type":"fork",...,"via":"fork|vfork|clone|clone3"}
            for span in re.findall(r"`(\{[^`]*\})`", line):
                t = re.search(r'"type":"([a-z_]+)"', span)
                for field, alts in re.findall(r'"([a-z_]+)":"([a-z0-9_]+(?:\|[a-z0-9_]+)+)"', span):
                    key = (t.group(1) if t else "?", field)
                    if key not in fields:
                        errors.append(f"event-log.md: example lists words for {key}, which log.h does not enumerate")
                    else:
                        compare(errors, "event-log.md", f"example's {key[0]}.{field}", alts.split("|"), fields[key])
            # Word tables: a header row whose first cell is a backticked field of this event.
            m = re.match(r"\| `([a-z_]+)` \|", line)
            header = i + 1 < len(body) and re.match(r"\| *-", body[i + 1])
            if m and header and len(names) == 1 and (names[0], m.group(1)) in fields:
                words = table_first_column(body, i)
                compare(errors, "event-log.md", f"table of {names[0]}.{m.group(1)}", words, fields[(names[0], m.group(1))])
    # The Vocabulary table: | `event` | `field` | `a`, `b` |
    rows = re.findall(r"^\| `([a-z_]+)` \| `([a-z_]+)` \| (`.*`) \|$", text, re.M)
    table = {}
    for event, field, words in rows:
        if (event, field) in table:
            errors.append(f"event-log.md: Vocabulary lists {event}.{field} twice")
        table[(event, field)] = re.findall(r"`([^`]+)`", words)
    if not table:
        errors.append("event-log.md: no Vocabulary table")
    for key, names in fields.items():
        if key not in table:
            errors.append(f"event-log.md: Vocabulary has no row for {key[0]}.{key[1]}")
        else:
            compare(errors, "event-log.md", f"Vocabulary row {key[0]}.{key[1]}", table[key], names)
            for w in dups(table[key]):
                errors.append(f"event-log.md: Vocabulary row {key[0]}.{key[1]} names {w!r} twice")
    for key in table:
        if key not in fields:
            errors.append(f"event-log.md: Vocabulary row {key[0]}.{key[1]} is not in log.h")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    events, fields = load_dump(sys.argv[1])
    errors = []
    for e in dups(events):
        errors.append(f"log.h: ptv_ev_names names {e!r} twice")
    for key, names in fields.items():
        if key[0] not in events:
            errors.append(f"log.h: ptv_vocab_fields names {key}, but {key[0]!r} is not an event type")
        for w in dups(names):
            errors.append(f"log.h: {key} names {w!r} twice")
    check_validator(errors, load_validator(sys.argv[2]), events, fields)
    with open(sys.argv[3], encoding="utf-8") as f:
        check_doc(errors, f.read(), events, fields)
    for e in errors:
        print(e)
    print(f"check_vocab: {len(events)} event types, {len(fields)} enumerated fields: "
          f"{'ok' if not errors else f'{len(errors)} disagreements'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
