# The Littlest JupyterHub (one server): copy the course into each user's home at every start.
#
# Install (as an admin, in a terminal on the hub):
#   sudo -E pip install "musclepain_lib @ git+https://github.com/musclepain-course/leg-muscle-pain@main"
#   sudo cp tljh-musclepain.py /opt/tljh/config/jupyterhub_config.d/musclepain.py
#   sudo tljh-config set user_environment.default_app jupyterlab
#   sudo tljh-config reload
# (or `sudo -E pip install musclepain_lib-*.whl` with a wheel built by `python -m build --wheel`).
#
# TLJH runs each user's server as the system user jupyter-NAME; this hook runs as root in the
# hub, so it writes the lessons and then hands them to that user. Admins (the instructor) get
# the instructor version. Students' homes are /home/jupyter-NAME: an admin runs the class
# report from a terminal with
#   sudo -E musclepain-course report /home/jupyter-*/.musclepain/progress.json --out class-report

import pwd
import shutil
from pathlib import Path

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER, copy_course


def copy_the_course(spawner):
    from tljh.user import ensure_user  # TLJH makes the system user at first start, after this hook

    ensure_user(f"jupyter-{spawner.user.name}")
    account = pwd.getpwnam(f"jupyter-{spawner.user.name}")
    version = "instructor" if spawner.user.admin else "student"
    folder = Path(account.pw_dir) / HOME_FOLDER
    result = copy_course(folder, version)
    spawner.log.info("Course for %s: %s", spawner.user.name, str(result).replace("\n", "; "))
    for path in [folder, *folder.rglob("*")]:
        shutil.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = copy_the_course  # noqa: F821  (JupyterHub provides c)
c.Spawner.default_url = f"/lab/tree/{HOME_FOLDER}/00_welcome.ipynb"  # noqa: F821
