#!/usr/bin/python3
"""networkx_check.py: checks `kgraph stats -T csv` against networkx.

Usage:
  networkx_check.py KGRAPH DATASET...   compare kgraph's figures for each dataset with
                                        networkx's (and with random graphs, --random N;
                                        --views: each dataset through VIEWS too)
  networkx_check.py --golden DATASET    print networkx's figures as kgraph's CSV

For every entity: degree (distinct neighbours, itself not counted), in- and out-degree
(relations, not rows), weighted degree (citation rows of its relations, a self-relation's
once), betweenness (networkx.betweenness_centrality on the undirected simple graph, the
default normalisation) to 1e-6, and the component number (components by size, largest
first, ties by first entity in file order). Exit status 0 when all agree, 1 otherwise,
2 on trouble (networkx missing, kgraph failing).
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

try:
    import networkx as nx
except ImportError:
    print("networkx_check: python3-networkx is not installed (scripts/install-deps)", file=sys.stderr)
    sys.exit(2)

TOLERANCE = 1e-6
COLUMNS = ["id", "label", "type", "degree", "in_degree", "out_degree", "weighted_degree",
           "betweenness", "component"]


# Views checked with --views: kgraph's view options, and the same selection made here.
VIEWS = [["--type", "country"], ["--type", "person,organization"], ["--focus", "xi_jinping"],
         ["--focus", "china,nato", "--depth", "2"], ["--focus", "ukraine", "--depth", "0"],
         ["--relation", "meets,criticizes"]]


def select_view(entities, rows, args):
    """The entities and rows kgraph's view options args keep, chosen independently of
    kgraph: --type keeps entities (and the relations between kept ones); --relation keeps
    relations by verb and then only the entities at their ends; --focus keeps what lies
    within --depth hops (either direction) over the kept relations, and the relations
    among it."""
    opts = dict(zip(args[::2], args[1::2]))
    kept = {e[0] for e in entities}
    if "--type" in opts:
        types = set(opts["--type"].split(","))
        kept = {e[0] for e in entities if e[2] in types}
    rows = [r for r in rows if r[0] in kept and r[2] in kept]
    if "--relation" in opts:
        verbs = set(opts["--relation"].split(","))
        rows = [r for r in rows if r[1] in verbs]
        kept = {r[0] for r in rows} | {r[2] for r in rows}
    if "--focus" in opts:
        reached = set(opts["--focus"].split(","))
        frontier = set(reached)
        for _ in range(int(opts.get("--depth", "1"))):
            step = {r[2] for r in rows if r[0] in frontier} | {r[0] for r in rows if r[2] in frontier}
            frontier = step - reached
            reached |= step
        kept &= reached
        rows = [r for r in rows if r[0] in kept and r[2] in kept]
    return [e for e in entities if e[0] in kept], rows


def read_dataset(path):
    """Returns (entities [(id, label, type)], rows [(source, relation, target)])."""
    with open(os.path.join(path, "entities.csv"), newline="", encoding="utf-8-sig") as f:
        entities = [(r["id"], r.get("label") or r["id"], r.get("type") or "")
                    for r in csv.DictReader(f)]
    with open(os.path.join(path, "relations.csv"), newline="", encoding="utf-8-sig") as f:
        rows = [(r["source"], r["relation"], r["target"]) for r in csv.DictReader(f)]
    return entities, rows


def expected(entities, rows):
    """networkx's figures, one dict per entity in file order."""
    ids = [e[0] for e in entities]
    citations = {}
    for key in rows:
        citations[key] = citations.get(key, 0) + 1
    g = nx.Graph()
    g.add_nodes_from(ids)
    indeg = dict.fromkeys(ids, 0)
    outdeg = dict.fromkeys(ids, 0)
    weighted = dict.fromkeys(ids, 0)
    for (s, _, t), n in citations.items():
        outdeg[s] += 1
        indeg[t] += 1
        weighted[s] += n
        if s != t:
            weighted[t] += n
            g.add_edge(s, t)
    bc = nx.betweenness_centrality(g)
    position = {v: i for i, v in enumerate(ids)}
    comps = sorted((sorted(c, key=position.get) for c in nx.connected_components(g)),
                   key=lambda c: (-len(c), position[c[0]]))
    component = {v: i + 1 for i, c in enumerate(comps) for v in c}
    return [{"id": v, "label": label, "type": typ, "degree": g.degree(v),
             "in_degree": indeg[v], "out_degree": outdeg[v], "weighted_degree": weighted[v],
             "betweenness": bc[v], "component": component[v]}
            for v, label, typ in entities]


def kgraph_stats(kgraph, path, view=()):
    run = subprocess.run([kgraph, "stats", "-q", "--exact", "-T", "csv", path, *view],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(f"networkx_check: kgraph stats {path}: exit {run.returncode}: {run.stderr}",
              file=sys.stderr)
        sys.exit(2)
    return list(csv.DictReader(io.StringIO(run.stdout)))


def compare(kgraph, path, view=()):
    """Prints each disagreement; returns how many there were."""
    want = expected(*select_view(*read_dataset(path), view))
    got = kgraph_stats(kgraph, path, view)
    if view:
        path = f"{path} {' '.join(view)}"
    bad = 0
    if len(got) != len(want):
        print(f"FAIL {path}: kgraph lists {len(got)} entities, networkx {len(want)}")
        return 1
    worst = 0.0
    for w, g in zip(want, got):
        for col in COLUMNS:
            if col == "betweenness":
                diff = abs(float(g[col]) - w[col])
                worst = max(worst, diff)
                ok = diff <= TOLERANCE
            else:
                ok = str(w[col]) == g[col]
            if not ok:
                bad += 1
                print(f"FAIL {path}: {w['id']}: {col} kgraph {g[col]}, networkx {w[col]}")
    if not bad:
        print(f"ok: {path}: {len(want)} entities agree (largest betweenness difference {worst:.1e})")
    return bad


def write_random(directory, seed, n, m):
    """A random multigraph with self-relations and parallel/antiparallel relations."""
    rng = random.Random(seed)
    os.makedirs(directory)
    with open(os.path.join(directory, "entities.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label", "type"])
        for i in range(n):
            w.writerow([f"n{i}", f"Node {i}", rng.choice(["a", "b", "c"])])
    with open(os.path.join(directory, "relations.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "relation", "target", "quote"])
        for k in range(m):
            s, t = rng.randrange(n), rng.randrange(n)
            w.writerow([f"n{s}", rng.choice(["x", "y"]), f"n{t}", f"q{k}"])


def main(argv):
    if len(argv) == 3 and argv[1] == "--golden":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(COLUMNS)
        for e in expected(*read_dataset(argv[2])):
            out.writerow([e[c] if c != "betweenness" else f"{e[c]:.10g}" for c in COLUMNS])
        return 0
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    kgraph, paths = argv[1], argv[2:]
    randoms, views = 0, False
    if paths[0] == "--random":
        randoms, paths = int(paths[1]), paths[2:]
    if paths[0] == "--views":
        views, paths = True, paths[1:]
    failures = sum(compare(kgraph, p) for p in paths)
    if views:
        failures += sum(compare(kgraph, paths[0], v) for v in VIEWS)
    with tempfile.TemporaryDirectory(prefix="kgraph-nx-") as tmp:
        for i in range(randoms):
            # sparse (many components and isolated entities) to dense
            n = 20 + 15 * i
            m = int(n * (0.5 + i % 4))
            d = os.path.join(tmp, f"random{i}")
            write_random(d, 1000 + i, n, m)
            failures += compare(kgraph, d)
    print(f"networkx {nx.__version__}: {failures} disagreement(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
