"""`python -m analytics <command>`: the ladder, pay and costs command lines (analytics.cli)."""

import sys

from analytics.cli import main

if __name__ == "__main__":
    sys.exit(main())
