"""`python -m cmdmap` runs the command line."""

import sys

from cmdmap.cli import main

sys.exit(main())
