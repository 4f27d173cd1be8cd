#!/usr/bin/env python3
"""Inter-annotator agreement on doubly annotated sentences.

A second annotation file holds about 100 sentences of a set (25 from each file, drawn
with a fixed seed) annotated again, independently, by a second annotator who saw only the
annotation guide. This script matches each of its sentences with the first annotation
and reports, with the first annotation as reference, F1 by (source country, target
country, root), strict F1 by full code prefixes, and the share of sentences whose event
sets agree by root.

Run: python3 testdata/agreement.py [FIRST_FILES... SECOND_FILE]
With no arguments it compares the current held-out set (testdata/heldout/sentences/*.txt)
with testdata/heldout/double/second.txt. The first held-out set, spent and now
development data, is compared with:
  python3 testdata/agreement.py testdata/coding/heldout-1-*.txt testdata/coding/heldout-1-second.ann
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))

def parse(path):
    cases, cur = {}, None
    for raw in open(path, encoding="utf-8"):
        line = raw.split(" #")[0].strip()
        if line.startswith("s:"):
            cur = line[2:].strip()
            cases[cur] = []
        elif line.startswith("e:") and cur is not None:
            parts = line[2:].split()
            if parts == ["none"]:
                continue
            s, t, c = parts[:3]
            mods = [p[2:] for p in parts[3:] if p.startswith("m=")]
            if mods and mods[0] in ("negated", "refused", "denied"):
                continue
            cases[cur].append((s, t, c))
    return cases

def key_root(e):
    s, t, c = e
    return (s[:3], t[:3], c[:2])

def key_strict(e):
    s, t, c = e
    return (s, t, c)

def score(ref, hyp, key):
    tp = fp = fn = 0
    for sent, evs in hyp.items():
        a = [key(e) for e in ref[sent]]
        b = [key(e) for e in evs]
        for x in b:
            if x in a:
                a.remove(x)
                tp += 1
            else:
                fp += 1
        fn += len(a)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

def main():
    if len(sys.argv) > 2:
        firsts, second_path = sys.argv[1:-1], sys.argv[-1]
    else:
        sentences = os.path.join(HERE, "heldout", "sentences")
        firsts = [os.path.join(sentences, f) for f in sorted(os.listdir(sentences)) if f.endswith(".txt")]
        second_path = os.path.join(HERE, "heldout", "double", "second.txt")
    first = {}
    for f in firsts:
        first.update(parse(f))
    second = parse(second_path)
    missing = [s for s in second if s not in first]
    if missing:
        sys.exit(f"{len(missing)} sentences of second.txt are not in the first annotation: {missing[:3]}")
    print(f"sentences annotated twice: {len(second)}")
    for name, key in (("by (source country, target country, root)", key_root), ("strict (full prefixes)", key_strict)):
        p, r, f = score(first, second, key)
        print(f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    same = sum(1 for s, e in second.items() if sorted(map(key_root, e)) == sorted(map(key_root, first[s])))
    print(f"sentences whose event sets agree by root: {same}/{len(second)} ({same / len(second):.2f})")

if __name__ == "__main__":
    main()
