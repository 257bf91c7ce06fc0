"""Build the site: `python build.py --help` lists the commands."""

import sys

from factpress.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
