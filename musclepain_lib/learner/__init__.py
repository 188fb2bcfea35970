"""The learner's runtime: what a lesson's cells call while a learner works through it.

- :mod:`~musclepain_lib.learner.lesson`: the first and last cell of a lesson (progress notes,
  links to the next lesson);
- :mod:`~musclepain_lib.learner.questions`: the self-check questions and the one feedback
  function (pure: no widgets), and :mod:`~musclepain_lib.learner.selfcheck`, a question as a
  widget in the lesson;
- :mod:`~musclepain_lib.learner.exercises`: the checks under a coding exercise;
- :mod:`~musclepain_lib.learner.progress` and :mod:`~musclepain_lib.learner.progress_view`:
  the learner's own progress file and its view;
- :mod:`~musclepain_lib.learner.glossary` and :mod:`~musclepain_lib.learner.symptom_map`: the
  glossary cell and the welcome lesson's map from symptoms to lessons;
- :mod:`~musclepain_lib.learner.server_extension`: the course's part in the Jupyter server the
  lessons run in (a hub terminal that finds ``musclepain-course``, slides in JupyterLab's panel).

Submodules are imported on demand, so importing this package loads nothing heavy.
"""
