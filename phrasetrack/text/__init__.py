"""Text handling: decoding, normalization with an offset map, tokenization."""
