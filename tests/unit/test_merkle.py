"""The log's Merkle tree behaves as RFC 9162 §2.1 defines it.

The naive functions below are the RFC's recursive definitions, written out; the
streaming builder and the verifiers must agree with them for every small tree.
"""

from __future__ import annotations

import hashlib
import random

import pytest

from thidua.domain.auditor import merkle
from thidua.domain.auditor.merkle import (
    EMPTY_ROOT,
    TreeBuilder,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

SIZES = range(1, 65)


def leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"leaf {i}".encode()) for i in range(n)]


def split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    """MTH(D[n]) of §2.1.1 over leaf hashes."""
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = split(len(d))
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()


def path(m: int, d: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of §2.1.3.1."""
    if len(d) == 1:
        return []
    k = split(len(d))
    if m < k:
        return [*path(m, d[:k]), mth(d[k:])]
    return [*path(m - k, d[k:]), mth(d[:k])]


def subproof(m: int, d: list[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of §2.1.4.1."""
    if m == len(d):
        return [] if whole else [mth(d)]
    k = split(len(d))
    if m <= k:
        return [*subproof(m, d[:k], whole), mth(d[k:])]
    return [*subproof(m - k, d[k:], False), mth(d[:k])]


def built(
    d: list[bytes], *, indexes: range = range(0), sizes: range = range(0)
) -> TreeBuilder:
    builder = TreeBuilder()
    for size in sizes:
        builder.watch_size(size)
    for index, leaf in enumerate(d):
        if index in indexes:
            builder.watch_leaf(index)
        builder.append(leaf)
    return builder


def test_leaves_and_nodes_are_hashed_with_their_one_byte_prefixes() -> None:
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert TreeBuilder().root() == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("n", SIZES)
def test_the_streamed_root_is_the_rfc_tree_hash(n: int) -> None:
    d = leaves(n)

    builder = built(d, sizes=range(1, n + 1))

    assert builder.root() == mth(d)
    assert [builder.root_at(m) for m in range(1, n + 1)] == [
        mth(d[:m]) for m in range(1, n + 1)
    ]


@pytest.mark.parametrize("n", SIZES)
def test_every_inclusion_proof_is_the_rfc_path_and_verifies(n: int) -> None:
    d = leaves(n)
    root = mth(d)

    builder = built(d, indexes=range(n))

    for m in range(n):
        proof = builder.inclusion_proof(m)
        assert proof == path(m, d)
        assert verify_inclusion(m, n, d[m], proof, root)


@pytest.mark.parametrize("n", SIZES)
def test_every_consistency_proof_is_the_rfc_proof_and_verifies(n: int) -> None:
    d = leaves(n)

    builder = built(d, sizes=range(1, n + 1))

    for m in range(1, n + 1):
        proof = builder.consistency_proof(m)
        assert proof == subproof(m, d, True)
        assert verify_consistency(m, n, mth(d[:m]), mth(d), proof)


def test_proofs_of_large_trees_agree_with_the_naive_recursion() -> None:
    rng = random.Random(9162)
    for _ in range(20):
        n = rng.randint(65, 3000)
        m, index = rng.randint(1, n), rng.randrange(n)
        d = leaves(n)

        builder = built(d, indexes=range(index, index + 1), sizes=range(m, m + 1))

        assert builder.inclusion_proof(index) == path(index, d)
        assert builder.consistency_proof(m) == subproof(m, d, True)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 21])
def test_an_inclusion_proof_fails_for_another_leaf_index_or_root(n: int) -> None:
    d = leaves(n)
    root = mth(d)
    other = leaf_hash(b"not in the log")
    for m in range(n):
        proof = path(m, d)
        assert not verify_inclusion(m, n, other, proof, root)
        assert not verify_inclusion(m, n, d[m], proof, other)
        assert not verify_inclusion(n, n, d[m], proof, root)
        if n > 1:
            assert not verify_inclusion((m + 1) % n, n, d[m], proof, root)
            assert not verify_inclusion(m, n, d[m], proof[:-1], root)


@pytest.mark.parametrize("n", range(2, 34))
def test_a_consistency_proof_fails_when_the_old_tree_was_rewritten(n: int) -> None:
    d = leaves(n)
    for m in range(1, n):
        proof = subproof(m, d, True)
        rewritten = [*d[: m - 1], leaf_hash(b"forged"), *d[m:]]
        assert not verify_consistency(m, n, mth(d[:m]), mth(rewritten), proof)
        assert not verify_consistency(m, n, mth(rewritten[:m]), mth(d), proof)
        assert not verify_consistency(m, n, mth(d[:m]), mth(d), proof[1:])


def test_the_trivial_sizes_need_empty_proofs() -> None:
    d = leaves(5)

    assert verify_consistency(0, 5, EMPTY_ROOT, mth(d), [])
    assert verify_consistency(5, 5, mth(d), mth(d), [])
    assert not verify_consistency(5, 5, mth(d), mth(d[:4]), [])
    assert not verify_consistency(3, 5, mth(d[:3]), mth(d), [])
    assert not verify_consistency(6, 5, mth(d), mth(d), [])
    assert merkle.consistency_ranges(5, 5) == []


def test_a_builder_refuses_to_watch_what_it_has_passed() -> None:
    builder = built(leaves(4))

    with pytest.raises(ValueError, match="past"):
        builder.watch_size(3)
    with pytest.raises(ValueError, match="not watched"):
        builder.inclusion_proof(1)
