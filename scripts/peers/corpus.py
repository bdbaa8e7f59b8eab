"""Shared by the peer benchmark's drivers (scripts/bench-peers): reading a
folder of text files into paragraphs the way every tool gets them, planting
known copies, and writing dolma's input.

Paragraphs: a file with blank lines is split at them (a hard-wrapped block
becomes one paragraph, its lines joined by spaces); a file without blank
lines has one paragraph per line. These are the layouts paradup-bench's
generator writes, and paradup's own segmentation finds the same paragraphs.
"""

import gzip
import json
import os
import random
import re

# A run of letters or digits outside Chinese and Japanese, or one Chinese or
# Japanese character: scripts without spaces become one token per character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
TOKEN = re.compile(rf"[^\W{_CJK}]+|[{_CJK}]")
BLANK = re.compile(r"\r?\n[ \t]*\r?\n")


def paragraphs(text):
    """The paragraphs of one file's text, whitespace-joined."""
    if BLANK.search(text):
        blocks = BLANK.split(text)
        return [" ".join(line.strip() for line in b.splitlines()).strip() for b in blocks if b.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def tokens(paragraph):
    """Lower-cased word tokens (characters in Chinese and Japanese)."""
    return TOKEN.findall(paragraph.lower())


def files(folder):
    """The folder's files, sorted by name (the order every tool reads)."""
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f)))


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def _spaced(p):
    return p.count(" ") * 20 > len(p)


def _edit(rng, p, rate, donor):
    """Replaces about `rate` of the words (characters without spaces) by
    words of `donor`, another paragraph."""
    if _spaced(p):
        words, pool = p.split(" "), donor.split(" ")
        for i in rng.sample(range(len(words)), max(1, round(len(words) * rate))):
            words[i] = rng.choice(pool)
        return " ".join(words)
    chars, pool = list(p), [c for c in donor if c.isalnum()]
    spots = [i for i, c in enumerate(chars) if c.isalnum()]
    for i in rng.sample(spots, max(1, round(len(spots) * rate))):
        chars[i] = rng.choice(pool)
    return "".join(chars)


def _sentences(p):
    parts = re.split(r"(?<=[.!?…。！？])\s*", p)
    return [s for s in parts if s]


def _repunct(rng, p):
    """Case and punctuation changed, words kept: lower case, quotes and
    commas dropped, dashes straightened."""
    out = p.lower()
    for ch in "“”„«»「」\"',，、":
        out = out.replace(ch, "")
    return out.replace("—", "-").replace("–", "-").replace("\u00a0", " ")


KINDS = ["exact", "recased", "words5", "words10", "half", "glued"]
DESCRIBE = {
    "exact": "exact copy",
    "recased": "near: case and punctuation changed",
    "words5": "near: 5% of words replaced",
    "words10": "near: 10% of words replaced",
    "half": "contained: first half of the sentences",
    "glued": "contained: glued to an unrelated paragraph",
    "negative": "negative: words of two paragraphs mixed",
}


def plant(corpus, out, per_kind, manifest_path, seed=7):
    """Writes `per_kind` planted copies of each kind (one paragraph a file,
    named to sort after the corpus) plus as many negatives into `out`, and
    `manifest`, a JSON file {file name: kind}."""
    rng = random.Random(seed)
    pool = []
    for path in files(corpus):
        for p in paragraphs(read(path)):
            if len(tokens(p)) >= 40 and len(_sentences(p)) >= 2:
                pool.append(p)
    need = per_kind * (len(KINDS) + 1) * 2
    if len(pool) < need:
        raise SystemExit(f"the corpus has {len(pool)} long paragraphs, {need} needed: make it larger")
    picks = rng.sample(pool, need)
    os.makedirs(out, exist_ok=True)
    manifest = {}
    n = 0
    for kind in KINDS + ["negative"]:
        for _ in range(per_kind):
            src, other = picks[n], picks[n + 1]
            n += 2
            if kind == "exact":
                text = src
            elif kind == "recased":
                text = _repunct(rng, src)
            elif kind == "words5":
                text = _edit(rng, src, 0.05, other)
            elif kind == "words10":
                text = _edit(rng, src, 0.10, other)
            elif kind == "half":
                s = _sentences(src)
                text = (" " if _spaced(src) else "").join(s[: max(1, len(s) // 2)])
            elif kind == "glued":
                text = src + (" " if _spaced(src) else "") + other
            else:
                a, b = src.split(" ") if _spaced(src) else list(src), other.split(" ") if _spaced(other) else list(other)
                mix = a[: len(a) // 2] + b[len(b) // 2 :]
                rng.shuffle(mix)
                text = (" " if _spaced(src) else "").join(mix)
            name = f"zz-planted-{len(manifest):05d}-{kind}.txt"
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(text + "\n")
            manifest[name] = kind
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=0)
    return manifest


def _write_shard(path, docs):
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        for doc in docs:
            row = {"id": os.path.basename(doc), "source": "paradup-bench", "text": "\n".join(paragraphs(read(doc)))}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def to_dolma(out, shards, folder, last=None):
    """Writes every file of `folder` as one dolma document (its paragraphs
    joined by newlines, dolma's paragraph separator) into `shards` gzipped
    JSON-lines files `out/documents/NNNN.jsonl.gz`, and the files of `last`
    (the planted copies) into one more shard that sorts after them."""
    docs = files(folder)
    os.makedirs(os.path.join(out, "documents"), exist_ok=True)
    per = -(-len(docs) // shards)
    for s in range(shards):
        if docs[s * per : (s + 1) * per]:
            _write_shard(os.path.join(out, "documents", f"{s:04d}.jsonl.gz"), docs[s * per : (s + 1) * per])
    if last:
        _write_shard(os.path.join(out, "documents", "9999.jsonl.gz"), files(last))
