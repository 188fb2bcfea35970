"""The marks a lesson's source cells carry, shared by the learner's checks and the versions.

An exercise cell holds its worked solution between two comment lines; the student version
replaces what lies between them with a stub. This module imports nothing, so the wheel's
build can write the student version of every lesson without the course's dependencies.
"""

BEGIN_SOLUTION = "# BEGIN SOLUTION"
END_SOLUTION = "# END SOLUTION"
