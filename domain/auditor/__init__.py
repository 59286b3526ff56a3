"""The auditor's checks: chains and digests, the log's Merkle tree, checkpoints and
proofs, the re-derivation and the re-judgement of every decision, and the explanations.

Written apart from the engine on purpose: they read the stored rows, not the domain's
classes, so a fault in the engine's rules is not repeated in the check of them."""
