#!/usr/bin/env python3
"""change_data.py: the change of issue 19 applied to a copy of a dataset directory.

Usage: change_data.py DIR [--one-relation]
Default: three citations fewer (the first three relations.csv rows whose relation has
other citations, so no relation vanishes), two new entities with one relation each (to
the first two entities), one polarity flipped (the first single-citation relation that is
positive or negative). --one-relation: only one relation added, between two existing
entities that had none between them."""
import csv
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write(path, table):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(table)


def main():
    d = sys.argv[1]
    ents = rows(d + "/entities.csv")
    rels = rows(d + "/relations.csv")
    head, body = rels[0], rels[1:]
    col = {name: i for i, name in enumerate(head)}
    key = lambda r: (r[col["source"]], r[col["relation"]], r[col["target"]])
    ids = [e[0] for e in ents[1:]]
    # a verb the dataset's vocabulary.csv knows, when it has one (neutral or varying, not
    # symmetric): an unknown verb is an error there
    verb = "relates_to"
    try:
        for v in rows(d + "/vocabulary.csv")[1:]:
            if len(v) > 5 and v[4] != "yes" and v[5] in ("", "neutral"):
                verb = v[0]
                break
    except FileNotFoundError:
        pass
    if "--one-relation" in sys.argv:
        pairs = {(r[col["source"]], r[col["target"]]) for r in body}
        for a in ids:
            for b in ids:
                if a != b and (a, b) not in pairs and (b, a) not in pairs:
                    new = [""] * len(head)
                    new[col["source"]], new[col["relation"]], new[col["target"]] = a, verb, b
                    new[col["polarity"]] = "neutral"
                    write(d + "/relations.csv", [head] + body + [new])
                    return 0
        return 1
    count = {}
    for r in body:
        count[key(r)] = count.get(key(r), 0) + 1
    removed, kept = 0, []
    for r in body:
        if removed < 3 and count[key(r)] > 1:
            count[key(r)] -= 1
            removed += 1
            continue
        kept.append(r)
    for r in kept:
        if count[key(r)] == 1 and r[col["polarity"]] in ("positive", "negative"):
            r[col["polarity"]] = "negative" if r[col["polarity"]] == "positive" else "positive"
            break
    width = len(ents[0])
    for i, (new, to) in enumerate((("stable_test_new_a", ids[0]), ("stable_test_new_b", ids[1]))):
        e = [""] * width
        e[0], e[1], e[2] = new, "New entity %d" % (i + 1), ents[1][2]
        ents.append(e)
        rel = [""] * len(head)
        rel[col["source"]], rel[col["relation"]], rel[col["target"]] = new, "supports", to
        rel[col["polarity"]] = "positive"
        kept.append(rel)
    write(d + "/entities.csv", ents)
    write(d + "/relations.csv", [head] + kept)
    return 0


if __name__ == "__main__":
    sys.exit(main())
