"""Corpus tracking: index a dated corpus once in SQLite, then ask when, how often and in which rendering
each formula was used, and which new formula is rising.

``store`` holds the schema, ``sources`` reads documents, ``engines`` scans them (in this process, in
worker processes or on Dask), ``ingest`` ties them together, ``query`` and ``discover`` answer questions
and ``report`` renders the answers. Every function returns data; the CLI does the I/O.
"""
