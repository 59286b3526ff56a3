"""A Merkle tree over the whole log, as RFC 9162 (Certificate Transparency) defines it.

Pure functions and one streaming builder, no I/O. Leaves are hashed as
SHA-256(0x00 || leaf) and nodes as SHA-256(0x01 || left || right); the tree of n
leaves splits at the largest power of two smaller than n (§2.1.1). Proofs are lists
of node hashes in the order of §2.1.3 (inclusion) and §2.1.4 (consistency), and the
verifiers follow §2.1.3.2 and §2.1.4.2 step by step.

Roots and proofs are made in one pass over the leaves by a `TreeBuilder` that keeps
only the stack of complete subtrees (O(log n) hashes), never the leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH({}), the root of an empty log

Range = tuple[int, int]  # leaves start (inclusive) to end (exclusive)


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split(size: int) -> int:
    """The largest power of two smaller than `size` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


class TreeBuilder:
    """The root of the leaves appended so far, holding only complete subtrees.

    Each stack entry is (start, size, hash) of a perfect subtree; sizes halve down
    the stack, like the binary digits of the leaf count. A proof's nodes are either
    on the stack when its leaf (or its old size) is reached, or right siblings of
    that leaf's ancestors, kept as they complete, or the right edge at the end: so
    watching a leaf or a size before the builder passes it is enough to prove it
    afterwards, in one pass, with O(log n) hashes per proof.
    """

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, int, bytes]] = []
        self._wanted: set[Range] = set()
        self._found: dict[Range, bytes] = {}
        self._snapshots: set[int] = set()
        self._roots: dict[int, bytes] = {}

    def append(self, leaf: bytes) -> None:
        """Add the next leaf's hash (`leaf_hash` of its bytes)."""
        start, size, hashed = self.size, 1, leaf
        self._keep(start, size, hashed)
        while self._stack and self._stack[-1][1] == size:
            start, _, left = self._stack.pop()
            size *= 2
            hashed = node_hash(left, hashed)
            self._keep(start, size, hashed)
        self._stack.append((start, size, hashed))
        self.size += 1
        if self.size in self._snapshots:
            self._snapshot()

    def watch_leaf(self, index: int) -> None:
        """Keep what an inclusion proof of leaf `index` needs (call before it is
        appended)."""
        self._watch(index, at=index)

    def watch_size(self, old: int) -> None:
        """Keep what a consistency proof from the tree of `old` leaves needs, and
        its root (call before the builder grows past `old`)."""
        if old > 0:
            self._watch(old - 1, at=old)

    def _watch(self, leaf: int, at: int) -> None:
        if at < self.size:
            raise ValueError(f"the builder is past {at} already")
        for level in range(64):
            if not (leaf >> level) & 1:
                begin = ((leaf >> level) + 1) << level
                self._wanted.add((begin, begin + (1 << level)))
        self._snapshots.add(at)
        if at == self.size:
            self._snapshot()

    def _snapshot(self) -> None:
        for begin, size, hashed in self._stack:
            self._found[(begin, begin + size)] = hashed
        self._roots[self.size] = self.root()

    def _keep(self, start: int, size: int, hashed: bytes) -> None:
        if (start, start + size) in self._wanted:
            self._found[(start, start + size)] = hashed

    def root(self) -> bytes:
        """MTH of the leaves so far."""
        return self._suffix(0)

    def root_at(self, old: int) -> bytes:
        """MTH of the first `old` leaves, for a size watched before."""
        return EMPTY_ROOT if old == 0 else self._roots[old]

    def _suffix(self, start: int) -> bytes:
        # Every right-edge node of the tree begins where a stack entry begins.
        hashed: bytes | None = None
        for begin, _, subtree in reversed(self._stack):
            if begin < start:
                break
            hashed = subtree if hashed is None else node_hash(subtree, hashed)
        return EMPTY_ROOT if hashed is None else hashed

    def _nodes(self, ranges: list[Range]) -> list[bytes]:
        found = []
        for wanted in ranges:
            if wanted in self._found:
                found.append(self._found[wanted])
            elif wanted[1] == self.size:
                found.append(self._suffix(wanted[0]))
            else:
                raise ValueError(f"subtree {wanted} was not watched")
        return found

    def inclusion_proof(self, index: int) -> list[bytes]:
        """PATH(index, D[size]) for a leaf watched before it was appended."""
        return self._nodes(inclusion_ranges(index, self.size))

    def consistency_proof(self, old: int) -> list[bytes]:
        """PROOF(old, D[size]) for a size watched before the builder passed it."""
        return self._nodes(consistency_ranges(old, self.size))


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes make PATH(index, D[size]) of RFC 9162 §2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    return ranges[::-1]  # the proof lists the nodes from the leaf upwards


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The subtrees whose hashes make PROOF(old, D[new]) of RFC 9162 §2.1.4.1;
    empty when old is 0 or equals new (nothing to prove)."""
    if not 0 <= old <= new:
        raise ValueError(f"a tree of {old} cannot be a prefix of a tree of {new}")
    if old in (0, new):
        return []
    ranges: list[Range] = []
    start, end, whole = 0, new, True
    while True:
        if start + old == end:  # SUBPROOF(m, D[m], b)
            if not whole:
                ranges.append((start, end))
            break
        k = split(end - start)
        if old <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            old -= k
            start += k
            whole = False
    return ranges[::-1]


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does `path` prove the leaf hash `leaf` at `index` in the
    tree of `size` leaves whose root is `root`?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does `proof` show the tree of `new` leaves (root
    `new_root`) extends the tree of `old` leaves (root `old_root`)?

    The RFC leaves out the trivial sizes; here any tree extends the empty one, and a
    tree extends one of its own size when the roots are equal, with empty proofs."""
    if not 0 <= old <= new:
        return False
    if old == 0:
        return not proof and (new > 0 or new_root == EMPTY_ROOT)
    if old == new:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # an exact power of two: the old root is a node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
