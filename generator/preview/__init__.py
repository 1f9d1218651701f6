"""`serve`: the live preview, its rebuilds and its file watcher."""
