"""`vocabdeck serve`: a local web page for teachers (needs the `web` extra: Flask)."""
