"""MinHash LSH over paragraphs with rensa or datasketch, as their users
typically run it: lower-cased word tokens (characters in Chinese and
Japanese), 128 permutations, threshold 0.8. A paragraph is flagged when the
index already holds a candidate for it (it is a near copy of an earlier
paragraph). Prints one JSON object: bytes read, paragraphs, flagged ones,
and which planted files (manifest.json beside them) were flagged.

    python minhash_lsh.py rensa|rensa-bulk|datasketch FOLDER...

rensa: one RMinHash per paragraph, query then insert (its documented use);
rensa-bulk: each file's digests in one matrix, inserted and flagged in one
call (rensa's fastest path; a paragraph is flagged when it shares a band
with any other, earlier or later).
"""

import json
import os
import sys
import time

import corpus

NUM_PERM, THRESHOLD, SEED, MIN_WORDS = 128, 0.8, 42, 5


def main():
    tool, folders = sys.argv[1], sys.argv[2:]
    t0 = time.perf_counter()
    if tool.startswith("rensa"):
        from rensa import RMinHash, RMinHashLSH

        lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=16)
    elif tool == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    else:
        raise SystemExit(f"unknown tool {tool}")
    t_import = time.perf_counter() - t0
    start = time.perf_counter()
    nbytes = paras = flagged = 0
    planted = {}
    key = 0
    for folder in folders:
        for path in corpus.files(folder):
            if path.endswith(".json"):
                continue
            with open(path, "rb") as f:
                raw = f.read()
            nbytes += len(raw)
            sets = [t for t in (corpus.tokens(p) for p in corpus.paragraphs(raw.decode("utf-8", errors="replace"))) if len(t) >= MIN_WORDS]
            paras += len(sets)
            flags = []
            if tool == "rensa-bulk":
                if sets:
                    matrix = RMinHash.digest_matrix_from_token_sets(sets, NUM_PERM, SEED)
                    flags = lsh.insert_matrix_and_query_duplicate_flags(matrix, start_key=key)
                    key += len(sets)
            else:
                for toks in sets:
                    if tool == "rensa":
                        m = RMinHash(num_perm=NUM_PERM, seed=SEED)
                        m.update(toks)
                    else:
                        m = MinHash(num_perm=NUM_PERM, seed=SEED)
                        m.update_batch([t.encode("utf-8") for t in set(toks)])
                    flags.append(bool(lsh.query(m)))
                    lsh.insert(key, m)
                    key += 1
            flagged += sum(map(bool, flags))
            name = os.path.basename(path)
            if name.startswith("zz-planted-"):
                planted[name] = bool(flags and flags[0])
    seconds = time.perf_counter() - start
    print(json.dumps({"tool": tool, "bytes": nbytes, "paragraphs": paras, "flagged": flagged, "seconds": seconds, "import_seconds": t_import, "planted": planted}))


if __name__ == "__main__":
    main()
