"""Settings for the test run: the real settings, with a private data folder and plain static files."""

from __future__ import annotations

import os
import tempfile

# Before the real settings read it: never touch a developer's own ./.sysdojo.
os.environ["SYSDOJO_DATA_DIR"] = os.environ.get("SYSDOJO_TEST_DATA_DIR") or tempfile.mkdtemp(
    prefix="sysdojo-test-"
)

from sysdojo.web.settings import *  # noqa: F403
from sysdojo.web.settings import STORAGES

# The manifest storage needs collectstatic; tests serve static files through the finders instead.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
