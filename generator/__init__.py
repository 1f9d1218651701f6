"""Explainer-page static-site generator: news articles in, claim-vs-denial pages out."""

__version__ = "0.1.0"
