"""Benchmark: merge_posts and link_near_duplicates on 10k invented records; near-duplicate recall and false positives.

python bench/bench_dedupe.py [--records N] [--trials T] [--pairs P]

Recall: an invented post (Zipf-distributed words, common English function words first) and an edited copy on
another blog, judged by link_near_duplicates; the table gives the share linked and the mean exact Jaccard of the
word 3-shingle sets. False positives: pairs of unrelated posts, and pairs of different posts from one blog that
end in the same boilerplate footer (the hard case).
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import time

from normalise.comments import build_tree, count
from normalise.dedupe import NEAR_DUPLICATE_MIN_WORDS, NEAR_DUPLICATE_THRESHOLD, link_near_duplicates, merge_posts
from normalise.minhash import exact_jaccard, signature, similarity
from normalise.schema import SCHEMA_VERSION, Author, Comment, Post, Provenance, Site
from normalise.urls import canonical_url, post_id

VOCAB = [f"w{i}" for i in range(5000)]
SHARE = (0.7, 0.2, 0.1)   # fraction of records that are distinct posts, extra versions, cross-posts


def _text(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(VOCAB) for _ in range(n))


def _comments(rnd: random.Random, n: int) -> list[Comment]:
    flat = [Comment(id=str(i), parent_id=str(rnd.randrange(i)) if i and rnd.random() < 0.4 else None,
                    author=Author(name=f"reader{rnd.randrange(50)}"), published="2020-01-01",
                    content_text=_text(rnd, 12)) for i in range(n)]
    return build_tree(flat)


def _post(rnd: random.Random, url: str, text: str, *, seen: str | None = None, excerpt: bool = False,
          n_comments: int = 0) -> Post:
    canon = canonical_url(url)
    tree = _comments(rnd, n_comments)
    return Post(schema_version=SCHEMA_VERSION, id=post_id(canon), url=canon,
                site=Site(name="Bench", base_url="https://bench.example/", platform="wordpress"),
                title=f"Post {url[-8:]}", published=f"20{rnd.randrange(10, 24)}-0{rnd.randrange(1, 10)}-01",
                published_precision="day", content_text=text, is_excerpt=excerpt, comments=tree,
                comment_count=count(tree),
                provenance=Provenance(fetched_url=seen or url, fetched_at="2024-01-01T00:00:00Z", source="html",
                                      tool="bench", tool_version="0"))


def records(total: int, seed: int = 1) -> list[Post]:
    """``total`` records: distinct posts, extra versions of some (excerpts, http/?m=1), and edited cross-posts."""
    rnd = random.Random(seed)
    distinct = int(total * SHARE[0])
    texts = [_text(rnd, rnd.randrange(200, 800)) for _ in range(distinct)]
    posts = [_post(rnd, f"https://blog{i % 40}.example/p/{i}/", t, n_comments=rnd.randrange(6))
             for i, t in enumerate(texts)]
    for _ in range(int(total * SHARE[1])):
        i = rnd.randrange(distinct)
        url = f"https://blog{i % 40}.example/p/{i}/"
        words = texts[i].split()
        posts.append(_post(rnd, url, " ".join(words[:40]), seen=f"http://blog{i % 40}.example/page/2/?m=1",
                           excerpt=True, n_comments=rnd.randrange(3)))
    for k in range(total - len(posts)):
        i = rnd.randrange(distinct)
        words = texts[i].split()
        words[rnd.randrange(len(words))] = "edited"
        posts.append(_post(rnd, f"https://mirror.example/x/{k}/", " ".join(words)))
    rnd.shuffle(posts)
    return posts


FUNCTION_WORDS = ("the of and to a in for is on that by this with we it are as be at from our or have an will "
                  "they not but their can more who has all was which people you support been one about new "
                  "work also would if these its help so there what how than other them some into local when").split()
ZIPF_VOCAB = FUNCTION_WORDS + [f"{a}{b}" for a in ("fund", "trust", "grant", "volunteer", "donor", "board", "policy",
                                                   "care", "tenant", "youth", "shelter", "advice", "outreach",
                                                   "mentor", "budget", "council", "housing", "food", "health",
                                                   "school") for b in range(250)]
ZIPF_WEIGHTS = [1 / (rank + 1) ** 1.05 for rank in range(len(ZIPF_VOCAB))]
NAMES = ("Jane Okafor", "Sam Patel", "Ruth Evans", "Tom Nguyen", "Aisha Khan", "Leo Brown")
ORGS = ("Riverside Trust", "Hill Youth Project", "Northgate Food Bank", "Valley Carers", "Civic Policy Unit")
FOOTER = ("About the Riverside Trust: we support young people and families across the Riverside valley with "
          "advice, mentoring and a weekly food bank. The Riverside Trust is a registered charity no. 1234567 "
          "and a company limited by guarantee registered in England and Wales no. 7654321.")
LENGTHS = (50, 300, 600, 1000)


def prose(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choices(ZIPF_VOCAB, cum_weights=list(_cumulative()), k=n))


def _cumulative():
    total = 0.0
    for w in ZIPF_WEIGHTS:
        total += w
        yield total


def intro_and_signature(rnd: random.Random, text: str) -> str:
    """The text with an intro sentence (18 words) and a signature (about 14 words) added, names varying."""
    org, name = rnd.choice(ORGS), rnd.choice(NAMES)
    intro = (f"This post first appeared on the {org} blog on {rnd.randrange(1, 29)} March and is reposted here "
             "with kind permission.")
    signature = f"{name} is head of policy at the {org}. Follow them at @{name.split()[0].lower()}{rnd.randrange(99)}."
    return f"{intro} {text} {signature}"


def change_words(rnd: random.Random, text: str, k: int) -> str:
    tokens = text.split()
    for n, pos in enumerate(rnd.sample(range(len(tokens)), k)):
        tokens[pos] = f"edited{n}"
    return " ".join(tokens)


EDITS = {
    "exact copy": lambda rnd, t: t,
    "1 word changed": lambda rnd, t: change_words(rnd, t, 1),
    "3 words changed": lambda rnd, t: change_words(rnd, t, 3),
    "intro + signature": intro_and_signature,
}


def _pair(rnd: random.Random, a: str, b: str, blogs=("a", "b")) -> tuple[Post, Post]:
    first = _post(rnd, f"https://{blogs[0]}.example/p/1/", a)
    second = _post(rnd, f"https://{blogs[1]}.example/p/2/", b)
    return dataclasses.replace(first, published="2020-01-01"), dataclasses.replace(second, published="2020-02-01")


def linked(pair: tuple[Post, Post]) -> bool:
    return link_near_duplicates(list(pair))[1].duplicate_of == pair[0].id


def recall_table(trials: int, seed: int = 2) -> None:
    rnd = random.Random(seed)
    print(f"\nRecall: share of edited cross-posts linked ({trials} pairs per cell; mean exact Jaccard in brackets)")
    print(f"{'words':>6} | " + " | ".join(f"{name:>22}" for name in EDITS))
    for n in LENGTHS:
        cells = []
        for edit in EDITS.values():
            hits, jac = 0, 0.0
            for _ in range(trials):
                text = prose(rnd, n)
                copy = edit(rnd, text)
                hits += linked(_pair(rnd, text, copy))
                jac += exact_jaccard(text, copy)
            cells.append(f"{100 * hits / trials:6.1f}% (J={jac / trials:.2f})")
        print(f"{n:>6} | " + " | ".join(f"{c:>22}" for c in cells))


def false_positives(pairs: int, seed: int = 3) -> None:
    rnd = random.Random(seed)
    hits, worst = 0, 0.0
    for _ in range(pairs):
        a, b = prose(rnd, rnd.randrange(50, 1001)), prose(rnd, rnd.randrange(50, 1001))
        hits += linked(_pair(rnd, a, b))
        worst = max(worst, exact_jaccard(a, b))
    print(f"\nFalse positives, unrelated posts (50-1000 words): {hits} of {pairs} pairs linked; "
          f"max exact Jaccard {worst:.3f}")
    footer_words = len(FOOTER.split())
    for body in (150, 60, 30):
        hits, worst = 0, 0.0
        for _ in range(pairs // 3):
            a, b = f"{prose(rnd, body)} {FOOTER}", f"{prose(rnd, body)} {FOOTER}"
            hits += linked(_pair(rnd, a, b, blogs=("riverside", "riverside")))
            worst = max(worst, exact_jaccard(a, b))
        print(f"False positives, two {body}-word posts + the same {footer_words}-word footer: {hits} of {pairs // 3} "
              f"pairs linked; max exact Jaccard {worst:.3f}")


def sweep(trials: int, seed: int = 4) -> None:
    """Share of pairs whose estimated Jaccard reaches each candidate threshold (how the threshold was chosen)."""
    rnd = random.Random(seed)
    thresholds = (0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
    print("\nThreshold sweep: share of pairs with estimated Jaccard >= threshold")
    print(f"{'case':>40} | " + " | ".join(f"{t:>5}" for t in thresholds))
    cases = [(f"{n} words, {name}", lambda n=n, edit=edit: (lambda t: (t, edit(rnd, t)))(prose(rnd, n)))
             for n in (40, 50, 75, 100, 300) for name, edit in EDITS.items() if name != "exact copy"]
    cases += [(f"{body}-word posts + same footer", lambda body=body: (f"{prose(rnd, body)} {FOOTER}",
                                                                      f"{prose(rnd, body)} {FOOTER}"))
              for body in (10, 20, 30, 60, 150)]
    for label, make in cases:
        estimates = [similarity(signature(a), signature(b)) for a, b in (make() for _ in range(trials))]
        print(f"{label:>40} | " + " | ".join(f"{100 * sum(e >= t for e in estimates) / trials:4.0f}%"
                                               for t in thresholds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=200, help="pairs per recall cell")
    parser.add_argument("--pairs", type=int, default=3_000, help="unrelated pairs (and footer pairs) judged")
    parser.add_argument("--sweep", action="store_true", help="also print recall at other thresholds")
    args = parser.parse_args()
    print(f"MinHash, estimated Jaccard >= {NEAR_DUPLICATE_THRESHOLD}, texts of >= {NEAR_DUPLICATE_MIN_WORDS} words")
    posts = records(args.records)
    t0 = time.perf_counter()
    merged = merge_posts(posts)
    t1 = time.perf_counter()
    linked_posts = link_near_duplicates(merged)
    t2 = time.perf_counter()
    cross = sum(p.duplicate_of is not None for p in linked_posts)
    expected = args.records - int(args.records * SHARE[0]) - int(args.records * SHARE[1])
    print(f"{len(posts)} records -> {len(merged)} posts; merge {t1 - t0:.2f}s; "
          f"near-duplicates {t2 - t1:.2f}s, {cross} linked of {expected} edited cross-posts")
    recall_table(args.trials)
    false_positives(args.pairs)
    if args.sweep:
        sweep(args.trials)


if __name__ == "__main__":
    main()
