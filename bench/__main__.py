"""`python -m bench`: the benchmark suite (bench/suite.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from suite import main

main()
