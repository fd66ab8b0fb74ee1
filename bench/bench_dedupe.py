"""Benchmark: merge_posts and link_near_duplicates on 10k invented post records (python bench/bench_dedupe.py)."""
from __future__ import annotations

import argparse
import random
import time

from normalise.comments import build_tree, count
from normalise.dedupe import link_near_duplicates, merge_posts
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    posts = records(args.records)
    t0 = time.perf_counter()
    merged = merge_posts(posts)
    t1 = time.perf_counter()
    linked = link_near_duplicates(merged)
    t2 = time.perf_counter()
    cross = sum(p.duplicate_of is not None for p in linked)
    expected = args.records - int(args.records * SHARE[0]) - int(args.records * SHARE[1])
    print(f"{len(posts)} records -> {len(merged)} posts; merge {t1 - t0:.2f}s; "
          f"near-duplicates {t2 - t1:.2f}s, {cross} linked of {expected} edited cross-posts")


if __name__ == "__main__":
    main()
