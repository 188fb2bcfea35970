"""The hub's LTI 1.3 settings (hub/jupyterhub_config.py, MUSCLEPAIN_HUB_AUTHENTICATOR=lti13).

The launch itself runs in Chromium in tests/browser/test_lti_launch.py; here, without a
browser: which LTI roles get the instructor version, that every LMS setting is required,
that with LTI the hub may listen on a public address, and that LMS roles never make admins.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HUB = Path(__file__).resolve().parent.parent / "hub"
LIS = "http://purl.imsglobal.org/vocab/lis/v2"
SETTINGS = {
    "MUSCLEPAIN_HUB_AUTHENTICATOR": "lti13",
    "MUSCLEPAIN_LTI_ISSUER": "https://moodle.uni.example",
    "MUSCLEPAIN_LTI_CLIENT_ID": "AbC123",
    "MUSCLEPAIN_LTI_AUTHORIZE_URL": "https://moodle.uni.example/mod/lti/auth.php",
    "MUSCLEPAIN_LTI_JWKS_URL": "https://moodle.uni.example/mod/lti/certs.php",
}
ROLES = {
    "instructor": [f"{LIS}/membership#Instructor"],
    "assistant": [f"{LIS}/membership/Instructor#TeachingAssistant"],
    "administrator": [f"{LIS}/institution/person#Administrator"],
    "short-name": ["Instructor"],
    "learner": [f"{LIS}/membership#Learner", f"{LIS}/institution/person#Student"],
    "learner-and-instructor": [f"{LIS}/membership#Learner", f"{LIS}/membership#Instructor"],
    "mentor": [f"{LIS}/membership#Mentor"],
    "no-roles": [],
    "roles-not-a-list": "Instructor",
}

LOAD = """
import json, sys
from traitlets.config.loader import PyFileConfigLoader
config = PyFileConfigLoader('jupyterhub_config.py', path=sys.argv[1]).load_config()
hook = config.Authenticator.post_auth_hook
roles = json.loads(sys.argv[2])
claim = 'https://purl.imsglobal.org/spec/lti/claim/roles'
groups = {name: hook(None, None, {'name': 'x', 'auth_state': {claim: value}})['groups'] for name, value in roles.items()}
lti = config.LTI13Authenticator
print(json.dumps({
    'groups': groups, 'class': config.JupyterHub.authenticator_class.__name__, 'ip': config.JupyterHub.ip,
    'admins': sorted(config.Authenticator.admin_users), 'allow_all': config.Authenticator.allow_all,
    'issuer': lti.issuer, 'client_id': sorted(lti.client_id), 'authorize_url': lti.authorize_url,
    'jwks': lti.jwks_endpoint,
}))
"""


def _load(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MUSCLEPAIN_HUB", "MUSCLEPAIN_LTI"))}
    environment.update(MUSCLEPAIN_HUB_DIR=str(tmp_path / "state"), **env)
    return subprocess.run([sys.executable, "-c", LOAD, str(HUB), json.dumps(ROLES)], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=60)


def test_lti_roles_decide_the_version_and_settings_reach_the_authenticator(tmp_path):
    done = _load(tmp_path, MUSCLEPAIN_HUB_IP="0.0.0.0", **SETTINGS)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    instructors = {name for name, groups in loaded["groups"].items() if groups == ["instructors"]}
    assert instructors == {"instructor", "assistant", "administrator", "short-name", "learner-and-instructor"}
    assert all(loaded["groups"][name] == [] for name in ROLES if name not in instructors)
    assert loaded["class"] == "CourseLTI13Authenticator" and loaded["ip"] == "0.0.0.0"  # public address allowed with LTI
    assert loaded["admins"] == [] and loaded["allow_all"] is True
    assert (loaded["issuer"], loaded["client_id"], loaded["authorize_url"], loaded["jwks"]) == (
        SETTINGS["MUSCLEPAIN_LTI_ISSUER"], [SETTINGS["MUSCLEPAIN_LTI_CLIENT_ID"]],
        SETTINGS["MUSCLEPAIN_LTI_AUTHORIZE_URL"], SETTINGS["MUSCLEPAIN_LTI_JWKS_URL"],
    )


def test_lti_without_every_setting_is_refused_naming_what_is_missing(tmp_path):
    settings = {k: v for k, v in SETTINGS.items() if k not in ("MUSCLEPAIN_LTI_ISSUER", "MUSCLEPAIN_LTI_JWKS_URL")}
    done = _load(tmp_path, **settings)
    assert done.returncode != 0
    message = done.stderr + done.stdout
    assert "MUSCLEPAIN_LTI_ISSUER" in message and "MUSCLEPAIN_LTI_JWKS_URL" in message
    assert "MUSCLEPAIN_LTI_CLIENT_ID" not in message


def _guard_says(tmp_path, monkeypatch, *args, **env):
    """What the trial guard says of the hub this configuration makes (None: it may start)."""
    from jupyterhub.app import JupyterHub

    from musclepain_lib.classroom.hub_guard import listening_places, problem

    for name in [k for k in os.environ if k.startswith(("MUSCLEPAIN_HUB", "MUSCLEPAIN_LTI"))]:
        monkeypatch.delenv(name)
    for name, value in {"MUSCLEPAIN_HUB_DIR": str(tmp_path / "state"), **env}.items():
        monkeypatch.setenv(name, value)
    hub = JupyterHub()
    hub.parse_command_line(list(args))
    hub.load_config_file(str(HUB / "jupyterhub_config.py"))
    return problem(listening_places(hub), hub.authenticator_class, hub.spawner_class)


def test_the_trial_password_hub_still_refuses_a_public_address(tmp_path, monkeypatch):
    assert "Refusing to start" in _guard_says(tmp_path, monkeypatch, MUSCLEPAIN_HUB_IP="0.0.0.0")


def test_the_lti_hub_may_listen_on_a_public_address_only_with_users_kept_apart(tmp_path, monkeypatch):
    shared = _guard_says(tmp_path, monkeypatch, MUSCLEPAIN_HUB_IP="0.0.0.0", **SETTINGS)
    assert "every user's server would run as this one account" in shared
    apart = _guard_says(tmp_path, monkeypatch, "--JupyterHub.spawner_class=localprocess",
                        MUSCLEPAIN_HUB_IP="0.0.0.0", **SETTINGS)
    assert apart is None


def test_the_docs_name_every_lti_setting_and_the_hubs_own_lti_addresses():
    import re

    from ltiauthenticator.lti13.auth import LTI13Authenticator

    root = HUB.parent
    config = (HUB / "jupyterhub_config.py").read_text()
    settings = set(re.findall(r'"(MUSCLEPAIN_LTI_[A-Z_]+)"', config))
    assert settings == set(SETTINGS) - {"MUSCLEPAIN_HUB_AUTHENTICATOR"}
    authenticator = LTI13Authenticator()
    addresses = {authenticator.login_url("/hub/"), authenticator.callback_url("/hub/")}
    assert addresses == {"/hub/lti13/oauth_login", "/hub/lti13/oauth_callback"}
    for name in ("hub/README.md", "docs/instructor.md"):
        text = (root / name).read_text()
        assert all(setting in text for setting in settings), name
        assert all(f"https://hub.uni.example{a}" in text or f"https://HUB{a}" in text for a in addresses), name


def test_the_readme_start_command_loads_as_written(tmp_path):
    import re

    readme = (HUB / "README.md").read_text()
    block = re.search(r"```bash\n(MUSCLEPAIN_HUB_AUTHENTICATOR=lti13 .*?)```", readme, re.S).group(1)
    env = dict(re.findall(r"(MUSCLEPAIN_[A-Z_]+)=(\S+)", block))
    assert "jupyterhub -f hub/jupyterhub_config.py" in block
    done = _load(tmp_path, **env)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded["issuer"] == env["MUSCLEPAIN_LTI_ISSUER"] and loaded["ip"] == env.get("MUSCLEPAIN_HUB_IP", "127.0.0.1")
