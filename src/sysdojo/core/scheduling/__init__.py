"""Spaced repetition without Django: which cards a page gives, and FSRS scheduling replayed from a log."""
