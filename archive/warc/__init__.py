"""Web archives in and out: WARC files read as captures and imported through the archive's
one ingest path (``archive import-warc``), and stored snapshots written back out as WARC
response records (``archive export-warc``).

- :mod:`archive.warc.reading`: a WARC (or ARC) file, gzipped or not, as a stream of HTTP
  captures; a truncated or unreadable file is :class:`~archive.warc.reading.BadWarc`.
- :mod:`archive.warc.replay`: the URL forms of replay services (the Wayback Machine and
  other Wayback-style archives): the original URL and capture time inside a replay URL.
- :mod:`archive.warc.importing`: which captures are articles of a known site (the spiders'
  own answer), revisit records resolved, captures already imported skipped, pages handed to
  the crawl's ingest as a run of their own.
- :mod:`archive.warc.exporting`: a site's snapshots as WARC response records.
"""
