"""Ingest: the one path by which pages enter the archive, for the crawl and for reparse alike.

A fetched page (or a failed fetch) is recorded with its snapshot and its parse; a stored
snapshot is parsed again and its parse recorded; both count what they did in one vocabulary
(:class:`~archive.ingest.counts.Counts`) and parse through one pool of worker processes
(:mod:`archive.ingest.parsing`). The crawl records through a single writer process beside
them (:mod:`archive.ingest.writer`); reparse (:mod:`archive.reparse`) writes in its own
process, in batches.
"""
