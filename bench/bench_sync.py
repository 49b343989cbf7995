"""Sync benchmark: a full sync of 400 synthetic pages (target <= 5 s) and a no-change re-sync (<= 1 s).

Run: .venv/bin/python bench/bench_sync.py [--pages 400]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sysdojo-bench-sync-"))
    os.environ["SYSDOJO_DATA_DIR"] = str(work / "data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sysdojo.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from synthetic import write_curriculum
    from sysdojo.web.catalog.services import curriculum_sync

    call_command("migrate", verbosity=0)
    content = work / "content"
    files = write_curriculum(content, args.pages)
    words = sum(len(f.read_text().split()) for f in files)

    start = time.perf_counter()
    full = curriculum_sync(content_dir=content)
    full_s = time.perf_counter() - start

    start = time.perf_counter()
    again = curriculum_sync(content_dir=content)
    resync_s = time.perf_counter() - start

    files[0].write_text(files[0].read_text().replace("Intro.", "Intro, edited."))
    start = time.perf_counter()
    one = curriculum_sync(content_dir=content)
    one_s = time.perf_counter() - start

    print(f"pages: {args.pages} ({words:,} words)")
    print(
        f"full sync:       {full_s:6.2f} s  (rendered {full.rendered}, indexed {full.indexed})  target <= 5 s"
    )
    print(f"no-change sync:  {resync_s:6.2f} s  (rendered {again.rendered})                target <= 1 s")
    print(f"one page edited: {one_s:6.2f} s  (rendered {one.rendered})")
    ok = full_s <= 5 and resync_s <= 1 and again.rendered == 0 and one.rendered == 1
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
