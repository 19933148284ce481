"""``python -m scripts.devwiki``: build the template, start, stop or inspect a local wiki."""

import sys

from .cli import main

sys.exit(main())
