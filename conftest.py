"""Test-session settings shared by the unit tests and the lessons run under nbval."""

import os
import tempfile

# Lessons record self-check answers; during tests they go to a throw-away file,
# never to the tester's own progress. Kernels started by nbval inherit this.
# Each test process (``make test`` runs several) gets a file of its own, unless the tester
# named one.
if "MUSCLEPAIN_PROGRESS" not in os.environ or os.environ.get("MUSCLEPAIN_PROGRESS_FOR_TESTS"):
    _progress_dir = tempfile.mkdtemp(prefix="musclepain-progress-")
    os.environ["MUSCLEPAIN_PROGRESS"] = os.path.join(_progress_dir, "progress.json")
    os.environ["MUSCLEPAIN_PROGRESS_FOR_TESTS"] = "1"
os.environ.setdefault("MPLBACKEND", "Agg")
