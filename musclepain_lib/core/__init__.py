"""What every topic shares: validation, data tables, clinical tables, plotting, explorer parts,
and the course manifest.

The submodules are imported on demand so that ``import musclepain_lib`` stays light;
``musclepain_lib.core.explorer`` brings in ipywidgets and matplotlib.

The learner's runtime (lesson cells, self-checks, exercises, progress, glossary, symptom
map) lives in :mod:`musclepain_lib.learner`, the classroom tools (versions, copy, the
``musclepain-course`` command, the class report) in :mod:`musclepain_lib.classroom`. A lesson
a learner kept from an earlier release imports them by their old names here
(``musclepain_lib.core.selfcheck`` and so on); :mod:`musclepain_lib.core.moved` answers those
names with the modules where they live now.
"""

from musclepain_lib.core.moved import install as _install_moved_names

_install_moved_names()
