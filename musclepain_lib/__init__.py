"""Models and explorers for the Leg Muscle Pain physiology course.

Importing this package is cheap: it defines the version and :class:`InputError`
and nothing else. Each topic package (the course manifest,
:mod:`musclepain_lib.core.manifest`, lists them) is imported on its own when a lesson needs it.
"""

from musclepain_lib.core.errors import DataFileError, InputError

__version__ = "0.2.0"

__all__ = ["DataFileError", "InputError", "__version__"]
