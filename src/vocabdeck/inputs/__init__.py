"""Readers: bytes, a path or a string in, a `Text` (Chinese and English paragraphs) out."""
