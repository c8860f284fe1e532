"""`archive serve`: the archive in a browser through Datasette, read-only.

Why Datasette and not a web UI of our own: it already gives researchers tables with facets,
full-text search, SQL, CSV/JSON downloads and (with datasette-cluster-map) a map, and serves a
file it cannot write to. This package only prepares what it serves (:mod:`.prepare`), says what
every column means (:mod:`.metadata`, from the codebook) and starts it (:mod:`.server`).
"""
