#!/usr/bin/env python3
"""svgshift.py: how far the entities two kgraph SVGs share moved, as a share of the drawing's diagonal.

Usage: svgshift.py OLD.svg NEW.svg [--aligned] [--max-median PCT --max-one PCT]
Prints "shared N median M% max X% (aligned: median M% max X%)" where a node's position is
the centre of its first shape (ellipse, polygon, path box) in page coordinates (the
graph group's translate applied), and the diagonal is the OLD drawing's (width, height in
pt). "aligned" removes the median displacement first (a shift of the whole drawing).
With --max-median/--max-one exits 1 when the page-coordinate figures exceed them (the
aligned ones with --aligned: for two different pictures, say a render and a diff, whose
title and legend differ and so move the page's origin)."""
import html
import re
import statistics
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def centres(path):
    root = ET.parse(path).getroot()
    w = float(re.sub("[a-z]+$", "", root.get("width", "0")) or 0)
    h = float(re.sub("[a-z]+$", "", root.get("height", "0")) or 0)
    if not w or not h:
        vb = [float(v) for v in root.get("viewBox").split()]
        w, h = vb[2], vb[3]
    graph = root.find(NS + "g")
    tx = ty = 0.0
    m = re.search(r"translate\(([-0-9.e]+)[ ,]+([-0-9.e]+)\)", graph.get("transform", ""))
    if m:
        tx, ty = float(m.group(1)), float(m.group(2))
    out = {}
    for g in root.iter(NS + "g"):
        gid = html.unescape(g.get("id", ""))
        if not gid.startswith("e-"):
            continue
        xs, ys = [], []
        for shape in g.iter():
            tag = shape.tag.replace(NS, "")
            if tag == "ellipse":
                xs += [float(shape.get("cx"))]
                ys += [float(shape.get("cy"))]
                break
            if tag in ("polygon", "polyline"):
                pts = [p.split(",") for p in shape.get("points").split()]
                px = [float(p[0]) for p in pts]
                py = [float(p[1]) for p in pts]
                xs += [(min(px) + max(px)) / 2]
                ys += [(min(py) + max(py)) / 2]
                break
            if tag == "path":
                nums = [float(v) for v in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", shape.get("d"))]
                px, py = nums[0::2], nums[1::2]
                xs += [(min(px) + max(px)) / 2]
                ys += [(min(py) + max(py)) / 2]
                break
        if xs:
            out[gid[2:]] = (xs[0] + tx, ys[0] + ty)
    return out, (w * w + h * h) ** 0.5


def main():
    args = sys.argv[1:]
    limits = {}
    aligned = "--aligned" in args
    args = [a for a in args if a != "--aligned"]
    while len(args) > 2 and args[-2].startswith("--"):
        limits[args[-2]] = float(args[-1])
        args = args[:-2]
    old, diag = centres(args[0])
    new, _ = centres(args[1])
    shared = sorted(set(old) & set(new))
    if not shared:
        print("no shared entities")
        return 2
    d = [((new[k][0] - old[k][0]), (new[k][1] - old[k][1])) for k in shared]
    dist = [100 * (dx * dx + dy * dy) ** 0.5 / diag for dx, dy in d]
    mx, my = statistics.median(x for x, _ in d), statistics.median(y for _, y in d)
    adist = [100 * ((dx - mx) ** 2 + (dy - my) ** 2) ** 0.5 / diag for dx, dy in d]
    med, top = statistics.median(dist), max(dist)
    worst = shared[dist.index(top)]
    print("shared %d median %.2f%% max %.2f%% (%s) (aligned: median %.2f%% max %.2f%%)"
          % (len(shared), med, top, worst, statistics.median(adist), max(adist)))
    if aligned:
        med, top = statistics.median(adist), max(adist)
    if med > limits.get("--max-median", 100) or top > limits.get("--max-one", 100):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
