"""``python -m phrasetrack``."""

from phrasetrack.cli import main

main()
