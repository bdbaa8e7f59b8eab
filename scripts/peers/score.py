"""Reads what paradup or dolma found and prints the same JSON as
minhash_lsh.py: paragraphs flagged as copies, and which planted files were.

    python score.py paradup REPORT.json
    python score.py dolma ATTRIBUTES_FOLDER ATTRIBUTE_NAME
    python score.py plant CORPUS OUT PER_KIND MANIFEST   (writes the planted set)
    python score.py to-dolma OUT SHARDS FOLDER [PLANTED]   (writes dolma's input)
    python score.py table RESULTS.tsv               (the summary table)
"""

import glob
import gzip
import json
import os
import sys

import corpus


def paradup(report_path):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    names = [os.path.basename(d["name"]) for d in report["documents"]]
    linked = set()
    for p in report["pairs"]:
        linked.add((p["a"]["doc"], p["a"]["para"]))
        linked.add((p["b"]["doc"], p["b"]["para"]))
    for c in report["clusters"]:
        linked.add((c["original"]["doc"], c["original"]["para"]))
        for m in c["copies"]:
            linked.add((m["doc"], m["para"]))
    planted = {n: any(d == i for d, _ in linked) for i, n in enumerate(names) if n.startswith("zz-planted-")}
    kinds = {}
    for p in report["pairs"]:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    return {"tool": "paradup", "paragraphs": report["summary"]["paragraphs"], "flagged": len(linked), "pair_kinds": kinds, "planted": planted}


def dolma(folder, attribute):
    flagged = 0
    planted = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                spans = row.get("attributes", {}).get(attribute) or []
                flagged += len(spans)
                if row["id"].startswith("zz-planted-"):
                    planted[row["id"]] = bool(spans)
    return {"tool": "dolma", "flagged": flagged, "planted": planted}


def table(results_tsv):
    """The summary table, in Markdown, of the runs bench-peers recorded:
    corpus, tool, processes, wall seconds, user+sys CPU seconds and peak RSS
    (KiB) of the run and of its start-up run, input bytes, the detection
    JSON and the planted manifest."""
    rows = [line.rstrip("\n").split("\t") for line in open(results_tsv, encoding="utf-8") if line.strip()]
    kinds = corpus.KINDS + ["negative"]
    head = ["corpus", "tool", "procs", "s", "MB/s", "CPU s", "MB/CPU-s", "peak MiB"] + kinds
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for corp, tool, procs, wall, cpu, rss, wall0, cpu0, nbytes, found, manifest in rows:
        secs = max(float(wall) - float(wall0), 1e-3)
        cpus = max(float(cpu) - float(cpu0), 1e-3)
        mb = int(nbytes) / 1e6
        # Work hidden in the start-up's run-to-run spread has no speed.
        speed = lambda t: f"{mb / t:.1f}" if t >= 0.1 else "n/a"
        cells = [corp, tool, procs, f"{secs:.2f}", speed(secs), f"{cpus:.2f}", speed(cpus), f"{int(rss) / 1024:.0f}"]
        try:
            with open(found, encoding="utf-8") as f:
                planted = json.loads(f.read().strip().splitlines()[-1])["planted"]
            with open(manifest, encoding="utf-8") as f:
                kind_of = json.load(f)
            for k in kinds:
                names = [n for n, v in kind_of.items() if v == k]
                cells.append(f"{sum(bool(planted.get(n)) for n in names)}/{len(names)}")
        except (OSError, ValueError, KeyError, IndexError):
            cells += ["?"] * len(kinds)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    what = sys.argv[1]
    if what == "paradup":
        print(json.dumps(paradup(sys.argv[2])))
    elif what == "dolma":
        print(json.dumps(dolma(sys.argv[2], sys.argv[3])))
    elif what == "plant":
        m = corpus.plant(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        print(f"planted {len(m)} files in {sys.argv[3]}")
    elif what == "table":
        print(table(sys.argv[2]))
    elif what == "to-dolma":
        corpus.to_dolma(sys.argv[2], int(sys.argv[3]), *sys.argv[4:6])
    else:
        raise SystemExit(f"unknown command {what}")


if __name__ == "__main__":
    main()
