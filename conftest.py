"""Test-session settings shared by the unit tests and the lessons run under nbval."""

import os
import tempfile

# Lessons record self-check answers; during tests they go to a throw-away file,
# never to the tester's own progress. Kernels started by nbval inherit this.
_progress_dir = tempfile.mkdtemp(prefix="musclepain-progress-")
os.environ.setdefault("MUSCLEPAIN_PROGRESS", os.path.join(_progress_dir, "progress.json"))
os.environ.setdefault("MPLBACKEND", "Agg")
