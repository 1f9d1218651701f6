"""Building a site: what changed since the last build, extraction of what must
be, rendering, and publishing output/ all at once."""
