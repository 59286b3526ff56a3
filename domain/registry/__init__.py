"""The registry (sổ theo dõi): people and collectives as streams of their own, the
emulation titles each held year by year, and the proceedings against them.

`state` is what a holder's stream folds to, `rules` decides and evolves it (the
decider shape), `holder` is the thin aggregate the application loads and saves,
`eligibility` judges a proposal from a holder's history and a rulebook.
"""
