"""Writers: the Anki note type and package, text exports, the handout."""
