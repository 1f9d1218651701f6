"""Weights of the link ranker (`ranker`), one per feature of `linking.features`,
set by hand (a conditional-logit ranker fit on half a and the rule cases did no
better on half b: see docs/extraction.md)."""

# The score of "no claim fits": a claim must score more to be the one answered.
NULL = 0.5

WEIGHTS: dict[str, float] = {
    "overlap": 2.0,  # content words shared with what is claimed
    "context": 1.0,  # ... with the claim's sentence around it
    "accused": 1.0,  # the claim is about the denier, or about whom the denial speaks of
    "names_claimant": 0.5,  # the denial's sentence names the claimant
    "named": 0.8,  # the denial's object names the claimant ("accused the US of", "his version")
    "salience": 0.6,  # the claim carries the headline
    "same_para": 0.2,
    "anaphor": 0.8,  # "denied it", "the allegations": the nearest claim before first
    "noun_fit": 0.3,  # "the allegations" answer an allegation, "the report" a report
    "repeated": 0.3,  # the article restates the claim (up to 3 times)
    "near": 0.15,  # nearness, in sentences
    "before": 0.0,
    "same_sentence": 0.5,  # the claim is in the denial's own sentence ("charged with fraud, which she disputes")
    "no_claimant": 0.0,
    "statement": -0.5,  # a bare statement (an announcement, a view, a deed narrated) is rarely what is denied
    "accusation": 0.0,
}
