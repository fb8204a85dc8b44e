"""``python -m perfscore``: the command line, exactly as the ``perfscore`` script runs it.

May import: ``perfscore.cli``.
"""

import sys

from .cli import main

sys.exit(main())
