"""The commands that are not a build: `check`, `new`, `deploy`, `eval` and
`extract --refresh`."""
