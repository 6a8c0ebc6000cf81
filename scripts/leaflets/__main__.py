"""`python -m scripts.leaflets`: see scripts/leaflets/cli.py."""
import sys

from scripts.leaflets.cli import main

sys.exit(main())
