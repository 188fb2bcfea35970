# The Littlest JupyterHub (one server): copy the course into each user's home at every start.
#
# Install (as an admin, in a terminal on the hub). The course goes into the USERS' environment
# (/opt/tljh/user), where their kernels and the copy command run; this hook goes into the hub's
# configuration and imports nothing of the course (the hub's environment, /opt/tljh/hub, never
# needs it):
#   sudo -E /opt/tljh/user/bin/pip install "musclepain_lib @ git+https://github.com/musclepain-course/leg-muscle-pain@main"
#   sudo cp tljh-musclepain.py /opt/tljh/config/jupyterhub_config.d/musclepain.py
#   sudo tljh-config set user_environment.default_app jupyterlab
#   sudo tljh-config reload
# (or `sudo -E /opt/tljh/user/bin/pip install musclepain_lib-*.whl` with a wheel built by
# `python -m build --wheel`).
#
# SAFETY. TLJH runs each user's server as the system user jupyter-NAME, and this hook runs as
# root in the hub. It never writes in a home as root: it runs `musclepain-course copy` AS THE
# USER (their uid and gid, no other groups), so a symbolic link the user planted in their home
# (`ln -s /etc ~/leg-muscle-pain`) leads only where that user could already write, and nothing
# changes owner. Admins (the instructor) get the instructor version, everyone else the student one.
#
# THE INSTRUCTOR VERSION. The course installed in the users' environment carries the student
# version only (no solutions, no teaching notes), so no student's command can make the other one.
# The instructor version is made from the source lessons, kept where only admins can read them:
# TLJH puts its admins in the group jupyterhub-admins, so (as an admin, once per release)
#   sudo git clone --depth 1 https://github.com/musclepain-course/leg-muscle-pain /opt/musclepain-instructor
#   sudo chown -R root:jupyterhub-admins /opt/musclepain-instructor
#   sudo chmod -R u=rwX,g=rX,o= /opt/musclepain-instructor
# The copy for an admin runs as that admin with this one group added, and reads the lessons there.
#
# The class report: homes are 0750 on Ubuntu 22.04 and later, so an admin's own shell cannot list
# them and `/home/jupyter-*/...` matches nothing. Run it as root (TLJH admins have sudo), which
# only reads each student's progress file:
#   sudo sh -c '/opt/tljh/user/bin/musclepain-course report /home/jupyter-*/.musclepain/progress.json --out class-report'
# (the glob inside `sh -c` is expanded by root's shell, which can read the homes).

import grp
import os
import pwd
import subprocess

HOME_FOLDER = "leg-muscle-pain"  # musclepain_lib.classroom.lesson_copy.HOME_FOLDER
COURSE_COPY = ["/opt/tljh/user/bin/musclepain-course", "copy"]
SOURCE_LESSONS = "/opt/musclepain-instructor/notebooks"
ADMINS_GROUP = "jupyterhub-admins"


def copy_as_the_user(account, version, command=COURSE_COPY, environment=None, sources=SOURCE_LESSONS,
                     admins_group=ADMINS_GROUP):
    """Run the course's copy into ACCOUNT's home with ACCOUNT's rights alone (an admin's copy of the
    instructor version adds the admins' group, to read the source lessons); the finished run."""
    folder = os.path.join(account.pw_dir, HOME_FOLDER)
    instructor = version == "instructor"
    return subprocess.run(
        [*command, folder, *(["--instructor", "--source", sources] if instructor else [])],
        user=account.pw_uid, group=account.pw_gid, umask=0o022,
        extra_groups=[grp.getgrnam(admins_group).gr_gid] if instructor else [],
        cwd=account.pw_dir, env={"HOME": account.pw_dir, "LANG": "C.UTF-8", **(environment or {})},
        capture_output=True, text=True, timeout=300,
    )


def copy_the_course(spawner):
    """pre_spawn_hook: make the system user (TLJH does it only after this hook), then copy as them."""
    from tljh.user import ensure_user  # the hub's environment has TLJH

    ensure_user(f"jupyter-{spawner.user.name}")
    account = pwd.getpwnam(f"jupyter-{spawner.user.name}")
    done = copy_as_the_user(account, "instructor" if spawner.user.admin else "student")
    said = (done.stdout + done.stderr).strip().replace("\n", "; ")
    if done.returncode:
        spawner.log.warning("Course for %s not copied: %s", spawner.user.name, said)
    else:
        spawner.log.info("Course for %s: %s", spawner.user.name, said)


c.Spawner.pre_spawn_hook = copy_the_course  # noqa: F821  (JupyterHub provides c)
c.Spawner.default_url = f"/lab/tree/{HOME_FOLDER}/00_welcome.ipynb"  # noqa: F821
# A lesson's kernel left idle for 30 minutes shuts down and gives its memory back (140-230 MiB);
# TLJH's own idle culler already stops servers idle for an hour.
c.Spawner.args = [  # noqa: F821
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=True",
]
