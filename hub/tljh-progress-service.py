# The Littlest JupyterHub: the class progress service musclepain-progress (hub/README.md).
#
# Install (as an admin, in a terminal on the hub), after tljh-musclepain.py:
#   sudo /opt/tljh/hub/bin/python3 -m pip install "musclepain_lib[hub] @ git+https://github.com/musclepain-course/leg-muscle-pain@main"
#   sudo mkdir -p /opt/tljh/state/musclepain && sudo cp tljh-progress-service.py /opt/tljh/config/jupyterhub_config.d/musclepain-progress.py
#   sudo tljh-config reload
#
# The hub starts the service (it runs as root, like the hub, and stores answers in a SQLite file
# in /opt/tljh/state/musclepain; set MUSCLEPAIN_PROGRESS_DB to a PostgreSQL URL for a large
# class). Learners' kernels find it at MUSCLEPAIN_PROGRESS_SERVICE_URL and send their answers
# with their server's own token. Admins, and members of the hub group "instructors", open
# https://YOUR-HUB/services/musclepain-progress/ for the class page.

import os
import sys

NAME = "musclepain-progress"
ACCESS = f"access:services!service={NAME}"
PORT = 10101  # on the hub machine's loopback only
DATABASE = os.environ.get("MUSCLEPAIN_PROGRESS_DB", "sqlite:////opt/tljh/state/musclepain/class-progress.sqlite")

c.JupyterHub.services.append({  # noqa: F821  (JupyterHub provides c)
    "name": NAME,
    "url": f"http://127.0.0.1:{PORT}",
    "command": [sys.executable, "-m", "musclepain_lib.classroom.progress_service", "--db", DATABASE],
    "oauth_no_confirm": True,
})
c.JupyterHub.load_roles.extend([  # noqa: F821
    {"name": "user", "scopes": ["self", ACCESS]},
    {"name": NAME, "scopes": ["list:users", "read:users"], "services": [NAME]},
])
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", ACCESS]  # noqa: F821
c.Spawner.environment.update({"MUSCLEPAIN_PROGRESS_SERVICE_URL": f"http://127.0.0.1:{PORT}/services/{NAME}/"})  # noqa: F821
