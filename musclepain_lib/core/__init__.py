"""What every topic shares: validation, data tables, plotting, explorer parts, self-checks.

The submodules are imported on demand so that ``import musclepain_lib`` stays light;
``musclepain_lib.core.explorer`` and ``musclepain_lib.core.selfcheck`` bring in
ipywidgets and matplotlib.
"""
