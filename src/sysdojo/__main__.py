import sys

from sysdojo.cli import main

sys.exit(main())
