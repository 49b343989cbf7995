"""The Django project: thin adapters that put the core on the web."""
