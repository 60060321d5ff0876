"""`python -m studio` runs Studio: the window, or a command (see :mod:`studio.main`)."""

from studio.main import main

raise SystemExit(main())
