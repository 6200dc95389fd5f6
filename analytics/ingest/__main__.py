"""`python -m analytics.ingest <command>`: the ingestion command line (analytics.cli.ingest)."""

import sys

from analytics.cli.ingest import main

if __name__ == "__main__":
    sys.exit(main())
