"""What each page shows, worked out in Python from articles and sidecars
(explainers) or from the records of every article (site-wide pages), and the
Jinja2 environment that lays it out."""
