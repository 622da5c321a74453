"""The language stages, in pipeline order: align, segment, readings, lookup, select."""
