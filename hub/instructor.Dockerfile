# The instructor's image for Zero to JupyterHub (hub/z2jh-config.yaml, the "Instructor" profile):
# the course's image, which carries the student version of the lessons only, plus the source
# lessons, from which the instructor's server makes the instructor version at each start.
# Only the instructor profile, offered to admins alone, runs this image. From the repository:
#
#   docker build -f hub/instructor.Dockerfile --build-arg COURSE_IMAGE=REGISTRY/leg-muscle-pain:2026-11 \
#     -t REGISTRY/leg-muscle-pain-instructor:2026-11 .
#   docker push REGISTRY/leg-muscle-pain-instructor:2026-11
ARG COURSE_IMAGE
FROM ${COURSE_IMAGE}
COPY --chown=root:root notebooks /srv/musclepain-instructor/notebooks
