"""The curriculum as data: parse Markdown pages, validate them, render them to HTML."""
