#!/usr/bin/env python3
"""Check the development gold files against their documents.

For every NAME.gold beside NAME.txt|.md|.html: each `s:` sentence must occur verbatim in
the document's text once markup and footnote markers are removed (whitespace is
normalised). Prints per-file counts and any sentence that is not found; exit code 1 when
one is missing or a line is malformed.

    python3 testdata/documents/dev/check_gold.py [DIR]
"""
import html
import os
import re
import sys

SUP = "¹²³⁴⁵⁶⁷⁸⁹⁰"
MODALITIES = {"asserted", "reported", "hypothetical", "planned", "negated", "refused", "denied", "questioned"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-Q[1-4]|-(spring|summer|autumn|winter))?$")
CODE = re.compile(r"^(-|[A-Z]{3}[A-Z0-9]*)$")
CAMEO = re.compile(r"^\d{2,4}$")
CONTENT = re.compile(r"^(-|[A-Z]{3}[A-Z0-9]*)>(-|[A-Z]{3}[A-Z0-9]*)>\d{2,4}$")
STATUS = {"met", "refused", "evaded", "outstanding"}


def plain_text(path):
    raw = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        raw = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", raw)
        raw = re.sub(r"(?is)<sup\b[^>]*>.*?</sup>", "", raw)
        raw = re.sub(r"(?s)<[^>]+>", " ", raw)
        raw = html.unescape(raw)
        raw = re.sub(r"\s*\[\d+\]", "", raw)
        raw = re.sub(f"[{SUP}]+", "", raw)
        return " ".join(raw.split())
    lines = []
    for line in raw.splitlines():
        s = line.strip()
        # footnote definitions and separators: dropped, so that a note block that
        # interrupts a sentence leaves the sentence whole
        if re.match(rf"^([{SUP}]+|\[\^?\d+\]:?|<sup>\d+</sup>|\d+\.\s+[“«\"])", s):
            continue
        if re.match(r"^(_{3,}|-{3,}|Notes|## Notes|Sources|## Sources)$", s):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\s*<sup>\d+</sup>", "", text)
    text = re.sub(r"\s*\[\^\d+\]", "", text)
    text = re.sub(r"\s*\[\d+\]", "", text)
    text = re.sub(f"[{SUP}]+", "", text)
    return " ".join(text.split())


def check(directory):
    bad = 0
    totals = dict(docs=0, sentences=0, events=0, demands=0, ledgers=0, missing=0)
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".gold"):
            continue
        stem = name[:-5]
        docs = [stem + ext for ext in (".txt", ".md", ".html") if os.path.exists(os.path.join(directory, stem + ext))]
        if len(docs) != 1:
            print(f"{name}: expected one document beside it, found {docs}")
            bad += 1
            continue
        text = plain_text(os.path.join(directory, docs[0]))
        n_s = n_e = n_d = n_l = n_miss = 0
        lines = open(os.path.join(directory, name), encoding="utf-8").read().splitlines()
        if not re.match(r"^doc-date: \d{4}-\d{2}-\d{2}$", lines[0]):
            print(f"{name}:1: first line must be doc-date: YYYY-MM-DD")
            bad += 1
        for no, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("s: "):
                n_s += 1
                sentence = line[3:]
                if sentence not in text:
                    print(f"{name}:{no}: sentence not found in {docs[0]}: {sentence}")
                    n_miss += 1
                    bad += 1
            elif line.startswith("e: "):
                n_e += 1
                parts = line[3:].split()
                ok = len(parts) >= 3 and CODE.match(parts[0]) and CODE.match(parts[1]) and CAMEO.match(parts[2])
                keys = {}
                for p in parts[3:]:
                    if "=" in p:
                        k, v = p.split("=", 1)
                        keys[k] = v
                    elif not DATE.match(p):
                        ok = False
                if not ok or keys.get("m") not in MODALITIES or "a" not in keys:
                    print(f"{name}:{no}: malformed e: line (needs m= and a=): {line}")
                    bad += 1
                if "c" in keys and not CONTENT.match(keys["c"]):
                    print(f"{name}:{no}: malformed c=: {line}")
                    bad += 1
                if parts[2][:2] in ("02", "03", "10", "13") and "c" not in keys:
                    print(f"{name}:{no}: demand/appeal/promise/threat without c=: {line}")
                    bad += 1
            elif line.startswith("ledger: "):
                n_l += 1
                if not re.match(r"^ledger: [A-Z]{3}\S* [A-Z]{3}\S* sign=[+-]$", line):
                    print(f"{name}:{no}: malformed ledger line: {line}")
                    bad += 1
            elif line.startswith("demand: "):
                n_d += 1
                p = line.split()
                if len(p) != 5 or not CONTENT.match(p[3]) or not p[4].startswith("status=") or p[4][7:] not in STATUS:
                    print(f"{name}:{no}: malformed demand line: {line}")
                    bad += 1
            else:
                print(f"{name}:{no}: unknown line: {line}")
                bad += 1
        print(f"{docs[0]:45} sentences {n_s:3}  events {n_e:3}  ledger {n_l}  demands {n_d}  missing {n_miss}")
        for k, v in (("docs", 1), ("sentences", n_s), ("events", n_e), ("demands", n_d), ("ledgers", n_l), ("missing", n_miss)):
            totals[k] += v
    print("total: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))))
