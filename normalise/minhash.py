"""MinHash signatures of texts (word 3-shingles, via datasketch) and an LSH index that finds near-duplicates."""
from __future__ import annotations

import unicodedata
from typing import Hashable, Iterator

from datasketch import LeanMinHash, MinHash, MinHashLSH

# Signatures are reproducible on every run and machine: shingles are hashed with SHA-1 (datasketch's default
# hashfunc, not Python's salted hash()), the permutations come from numpy's frozen RandomState(SEED) stream, and
# the permutation scheme is named explicitly (datasketch 2.0 changed its default; 'legacy' is the pre-2.0 one).
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
SHINGLE = 3
# LSH banding: BANDS bands of ROWS rows. Two texts with Jaccard J share a band (become candidates) with
# probability 1 - (1 - J**ROWS)**BANDS: 0.99 at J=0.6, 0.9998 at J=0.7, 0.23 at J=0.3, 0.003 at J=0.1.
# Candidates are then confirmed by their estimated Jaccard (NearDuplicateIndex.near).
BANDS, ROWS = 32, 4
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


class _SeparatorTable(dict):
    """str.translate table mapping punctuation and symbol characters to a space, filled as characters appear."""

    def __missing__(self, code: int) -> int:
        value = ord(" ") if unicodedata.category(chr(code))[0] in SEPARATOR_CATEGORIES else code
        self[code] = value
        return value


SEPARATOR_CATEGORIES = ("P", "S")   # Unicode categories (punctuation, symbols) that separate words
_SEPARATORS = _SeparatorTable()


def words(text: str) -> list[str]:
    """NFKC, casefolded words with punctuation and symbols removed (the units that are shingled)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_SEPARATORS).split()


def _shingles(tokens: list[str], size: int) -> Iterator[str]:
    """Consecutive ``size``-word groups; a text shorter than that is one group."""
    if len(tokens) <= size:
        return iter([" ".join(tokens)] if tokens else [])
    return map(" ".join, zip(*(tokens[i:] for i in range(size))))


def shingles(text: str, *, size: int = SHINGLE) -> set[str]:
    """The distinct word ``size``-shingles of the normalised text (empty for a text without words)."""
    if size < 1:
        raise ValueError("shingle size must be >= 1")
    return set(_shingles(words(text), size))


def exact_jaccard(a: str, b: str, *, size: int = SHINGLE) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (1.0 for two texts without words)."""
    sa, sb = shingles(a, size=size), shingles(b, size=size)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def signature(text: str, *, size: int = SHINGLE) -> LeanMinHash:
    """MinHash (NUM_PERM permutations, seed SEED) of the text's word ``size``-shingles."""
    return signature_of_words(words(text), size=size)


def signature_of_words(tokens: list[str], *, size: int = SHINGLE) -> LeanMinHash:
    """MinHash of the ``size``-shingles of already normalised words (see words())."""
    if size < 1:
        raise ValueError("shingle size must be >= 1")
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_PERMUTATIONS)
    m.update_batch([s.encode("utf-8") for s in set(_shingles(tokens, size))])   # minima: order-free
    return LeanMinHash(m)


def similarity(a: LeanMinHash, b: LeanMinHash) -> float:
    """Estimated Jaccard similarity: the share of the NUM_PERM minimum hashes the signatures agree on."""
    return float(a.jaccard(b))


class NearDuplicateIndex:
    """Signatures keyed by caller ids; ``near(sig)`` returns the keys whose estimated Jaccard >= ``threshold``.

    Candidates come from a MinHashLSH (BANDS x ROWS); only they are compared, so lookups are not O(n).
    """

    def __init__(self, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        self._signatures: dict[Hashable, LeanMinHash] = {}
        self._order: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: Hashable, sig: LeanMinHash) -> None:
        """File ``sig`` under ``key`` (each key once)."""
        if key in self._signatures:
            raise ValueError(f"key {key!r} already indexed")
        self._order[key] = len(self._order)
        self._signatures[key] = sig
        self._lsh.insert(key, sig)

    def near(self, sig: LeanMinHash) -> list[Hashable]:
        """Keys whose signature's estimated Jaccard with ``sig`` is >= threshold, in the order they were added."""
        found = [k for k in self._lsh.query(sig) if similarity(sig, self._signatures[k]) >= self.threshold]
        return sorted(found, key=self._order.__getitem__)
