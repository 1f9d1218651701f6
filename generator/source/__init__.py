"""Reading what people write: articles in either format, safe YAML with
positions, and typed fields with precise messages."""
