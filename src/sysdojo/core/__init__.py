"""Pure-Python core: content, estimation, architecture analysis, grading, scheduling.

Nothing under this package may import Django (tests/core/test_layering.py enforces it).
"""
