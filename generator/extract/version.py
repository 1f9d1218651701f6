"""The extractor's version, apart from the rules: a build reads it for every
article it judges, and a build with nothing to extract must not load them.
Raise it with every change to what the rules find (`analyse` and the modules it
uses); a build extracts again what an older version wrote."""

EXTRACTOR_VERSION = "2.107"
