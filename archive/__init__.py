"""The versioned relational archive: models, the store (the one place that writes), reparse,
queries and exports, and the `archive` command."""
