"""Pure parsers: responses in, items out. No I/O, no clock, no settings."""
