"""phrasetrack: find, diff, check and track official formulations in Chinese and English text."""

__version__ = "0.1.0"
