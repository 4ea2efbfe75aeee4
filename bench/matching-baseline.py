#!/usr/bin/env python3
"""BM25 baselines for a judged matching collection (format parkops-marketplace-judged/1), written apart from the
engine so they share nothing with it but the file and the nDCG definition (src/ParkOps.Domain/Matching/Ndcg.cs:
exponential gains 2^grade - 1, log2(rank + 1) discount, ideal from the judged grades, queries without a positive
judgment left out of the mean).

  plain  BM25 (k1 = 1.2, b = 0.75) over the character bigrams of title + description, every post but the query
  gated  the same ranking behind the grading note's hard gates: the kind that can answer (capacity_need and
         subcontract_order ← capacity_offer; equipment_need ← equipment_offer or capacity_offer), not the asker's own
         post, a window not ended before as_of and overlapping the need's window

usage: bench/matching-baseline.py FILE [FILE ...]   (prints one line per file: plain and gated nDCG@10)
"""
import json, math, sys
from collections import Counter
from datetime import date

K = 10
ANSWERS = {"capacity_need": {"capacity_offer"}, "subcontract_order": {"capacity_offer"},
           "equipment_need": {"equipment_offer", "capacity_offer"}}


def bigrams(text):
    chars = [c for c in text.lower() if not c.isspace()]
    return [a + b for a, b in zip(chars, chars[1:])] or chars


def ndcg(ranked, judged):
    gain = lambda g: 2 ** g - 1 if g > 0 else 0
    ideal = sum(gain(g) / math.log2(i + 2) for i, g in enumerate(sorted((g for g in judged.values() if g > 0), reverse=True)[:K]))
    if ideal <= 0:
        return None
    return sum(gain(judged.get(p, 0)) / math.log2(i + 2) for i, p in enumerate(ranked[:K])) / ideal


def day(s):
    return date.fromisoformat(s) if s else None


def answers(q, p, as_of):
    if p["kind"] not in ANSWERS.get(q["kind"], set()) or p["enterprise"] == q["enterprise"]:
        return False
    pf, pt, qf, qt = day(p.get("from")), day(p.get("to")), day(q.get("from")), day(q.get("to"))
    if pt and pt < as_of:
        return False
    if pf and pt and qf and qt and (min(pt, qt) < max(pf, qf)):
        return False
    return True


def evaluate(path):
    data = json.load(open(path, encoding="utf-8"))
    as_of = date.fromisoformat(data["as_of"])
    posts = data["posts"]
    docs = [Counter(bigrams(p["title"] + " " + p["description"])) for p in posts]
    n = len(docs)
    avgdl = sum(sum(d.values()) for d in docs) / n
    df = Counter(t for d in docs for t in d)
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def score(query_terms, d):
        dl = sum(d.values())
        return sum(idf[t] * d[t] * 2.2 / (d[t] + 1.2 * (0.25 + 0.75 * dl / avgdl)) for t in query_terms if t in d)

    plain, gated = [], []
    for q in data["queries"]:
        terms = set(bigrams(q["title"] + " " + q["description"]))
        scored = sorted(((score(terms, d), p["id"]) for p, d in zip(posts, docs) if p["id"] != q["id"]), key=lambda x: (-x[0], x[1]))
        ranked = [pid for s, pid in scored if s > 0]
        byid = {p["id"]: p for p in posts}
        for out, ids in ((plain, ranked), (gated, [pid for pid in ranked if answers(q, byid[pid], as_of)])):
            v = ndcg(ids, q.get("judgments", {}))
            if v is not None:
                out.append(v)
    return sum(plain) / len(plain), sum(gated) / len(gated), len(plain)


if __name__ == "__main__":
    for f in sys.argv[1:]:
        p, g, n = evaluate(f)
        print(f"{f}: queries {n}  BM25 bigrams nDCG@10 = {p:.3f}  BM25 behind the hard gates = {g:.3f}")
