"""64-bit SimHash fingerprints of texts and a banded index that finds near-duplicates without O(n^2) scans."""
from __future__ import annotations

from hashlib import blake2b
import unicodedata
from collections import defaultdict
from typing import Hashable, Iterator

BITS = 64
# The index cuts a fingerprint into BLOCKS equal blocks: two fingerprints within distance < BLOCKS share at
# least one identical block (pigeonhole), so only fingerprints sharing a block are compared.
BLOCKS = 4
BLOCK_BITS = BITS // BLOCKS
DIGEST_BYTES = BITS // 8


class _SeparatorTable(dict):
    """str.translate table mapping punctuation and symbol characters to a space, filled as characters appear."""

    def __missing__(self, code: int) -> int:
        value = ord(" ") if unicodedata.category(chr(code))[0] in SEPARATOR_CATEGORIES else code
        self[code] = value
        return value


SEPARATOR_CATEGORIES = ("P", "S")   # Unicode categories (punctuation, symbols) that separate words
_SEPARATORS = _SeparatorTable()


def words(text: str) -> list[str]:
    """NFKC, casefolded words with punctuation and symbols removed (the units SimHash shingles)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_SEPARATORS).split()


def _shingles(tokens: list[str], size: int) -> Iterator[str]:
    """Consecutive ``size``-word groups; a text shorter than that is one group."""
    if len(tokens) <= size:
        return iter([" ".join(tokens)] if tokens else [])
    return map(" ".join, zip(*(tokens[i:] for i in range(size))))


def _token_hash(token: str) -> int:
    """Deterministic 64-bit hash (blake2b), identical on every run and machine, unlike hash()."""
    return int.from_bytes(blake2b(token.encode("utf-8"), digest_size=DIGEST_BYTES).digest(), "big")


def simhash(text: str, *, shingle: int = 3) -> int:
    """64-bit SimHash over the word ``shingle``-grams of the normalised text; 0 for a text without words.

    Bit i is set when more than half of the shingle hashes have bit i set (weights +1/-1, ties give 0).
    """
    if shingle < 1:
        raise ValueError("shingle must be >= 1")
    counters: list[int] = []   # bit-sliced per-bit counters: counters[k] holds bit k of all 64 counts
    total = 0
    for carry in map(_token_hash, _shingles(words(text), shingle)):
        total += 1
        level = 0
        while carry:
            if level == len(counters):
                counters.append(carry)
                break
            counter = counters[level]
            counters[level] = counter ^ carry
            carry &= counter
            level += 1
    return sum(1 << bit for bit in range(BITS) if 2 * _lane(counters, bit) > total)


def _lane(counters: list[int], bit: int) -> int:
    """How many shingle hashes had ``bit`` set, read back from the bit-sliced counters."""
    return sum(((c >> bit) & 1) << level for level, c in enumerate(counters))


def hamming(a: int, b: int) -> int:
    """Number of differing bits."""
    return (a ^ b).bit_count()


def _blocks(fingerprint: int) -> list[tuple[int, int]]:
    mask = (1 << BLOCK_BITS) - 1
    return [(i, (fingerprint >> (i * BLOCK_BITS)) & mask) for i in range(BLOCKS)]


class NearDuplicateIndex:
    """Fingerprints keyed by caller ids; ``near(fp, d)`` returns the keys within Hamming distance d (< BLOCKS).

    Each fingerprint is filed under its BLOCKS blocks; a lookup compares only fingerprints sharing a block.
    """

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, int], list[tuple[Hashable, int]]] = defaultdict(list)
        self._order: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, key: Hashable, fingerprint: int) -> None:
        """File ``fingerprint`` under ``key`` (a key added twice keeps both fingerprints)."""
        self._order.setdefault(key, len(self._order))
        for block in _blocks(fingerprint):
            self._buckets[block].append((key, fingerprint))

    def near(self, fingerprint: int, max_distance: int) -> list[Hashable]:
        """Keys whose fingerprint is within ``max_distance``, in the order they were first added."""
        if not 0 <= max_distance < BLOCKS:
            raise ValueError(f"max_distance must be in 0..{BLOCKS - 1} for a {BLOCKS}-block index")
        found = set()
        for block in _blocks(fingerprint):
            for key, other in self._buckets.get(block, ()):
                if key not in found and hamming(fingerprint, other) <= max_distance:
                    found.add(key)
        return sorted(found, key=self._order.__getitem__)
