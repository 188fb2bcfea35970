"""The classroom tools: what an instructor (or a hub) runs around the lessons.

- :mod:`~musclepain_lib.classroom.versions`: the student and instructor versions of the lessons;
- :mod:`~musclepain_lib.classroom.lesson_copy`: copying a version into a learner's folder,
  keeping what the learner changed;
- :mod:`~musclepain_lib.classroom.class_report`: the class report from progress files;
- :mod:`~musclepain_lib.classroom.cli`: the ``musclepain-course`` command over all of them.
"""
