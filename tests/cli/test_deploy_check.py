"""Production settings pass Django's deployment checklist (`manage.py check --deploy`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_in_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SYSDOJO_DATA_DIR": str(tmp_path),
        "SYSDOJO_PRODUCTION": "1",
        "SYSDOJO_DEBUG": "0",
        "SYSDOJO_ALLOWED_HOSTS": "sysdojo.example.org",
        "DJANGO_SETTINGS_MODULE": "sysdojo.web.settings",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "sysdojo", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
