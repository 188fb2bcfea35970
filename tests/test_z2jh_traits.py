"""hub/z2jh-config.yaml: every single-user and hub setting loads into the real classes' own traits
(KubeSpawner, JupyterHub, GitHubOAuthenticator, the server's MappingKernelManager), so a misspelt
key or a mistyped value fails here, not on the day of the class."""

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from traitlets import HasTraits, TraitError
from traitlets.config import Config

kubespawner = pytest.importorskip("kubespawner")
github = pytest.importorskip("oauthenticator.github")

from jupyter_server.services.kernels.kernelmanager import MappingKernelManager  # noqa: E402
from jupyterhub.app import JupyterHub  # noqa: E402

CONFIG = yaml.safe_load((Path(__file__).resolve().parent.parent / "hub" / "z2jh-config.yaml").read_text())
# How the chart hands singleuser settings to KubeSpawner (its own jupyterhub_config.py does the same).
SINGLEUSER_TRAITS = {
    ("defaultUrl",): "default_url", ("lifecycleHooks",): "lifecycle_hooks", ("profileList",): "profile_list",
    ("memory", "guarantee"): "mem_guarantee", ("memory", "limit"): "mem_limit",
    ("cpu", "guarantee"): "cpu_guarantee", ("cpu", "limit"): "cpu_limit", ("storage", "capacity"): "storage_capacity",
}


def _leaves(settings, prefix=()):
    for key, value in settings.items():
        if isinstance(value, dict) and prefix + (key,) not in SINGLEUSER_TRAITS and key not in ("image", "extraFiles"):
            yield from _leaves(value, prefix + (key,))
        else:
            yield prefix + (key,), value


def _spawner_settings() -> dict:
    singleuser = CONFIG["singleuser"]
    settings = {SINGLEUSER_TRAITS[path]: value for path, value in _leaves(singleuser) if path in SINGLEUSER_TRAITS}
    settings["image"] = f"{singleuser['image']['name']}:{singleuser['image']['tag']}"
    return settings


def _as_kubespawner(settings: dict):
    """An object holding KubeSpawner's own traits (not a spawner: that would want a cluster),
    set to SETTINGS: a name KubeSpawner lacks raises KeyError, a value its trait refuses TraitError."""
    traits = kubespawner.KubeSpawner.class_traits(config=True)
    probe = HasTraits()
    probe.add_traits(**{name: copy.deepcopy(traits[name]) for name in settings})
    for name, value in settings.items():
        setattr(probe, name, value)
    return probe


def test_every_singleuser_key_is_one_the_chart_hands_to_kubespawner():
    unknown = [path for path, _ in _leaves(CONFIG["singleuser"]) if path not in SINGLEUSER_TRAITS
               and path not in {("image",), ("extraFiles",)}]
    assert not unknown


def test_the_singleuser_settings_load_into_kubespawners_traits():
    spawner = _as_kubespawner(_spawner_settings())
    assert spawner.mem_limit >= 2 * 2**30 and spawner.mem_guarantee >= 512 * 2**20
    assert spawner.mem_guarantee < spawner.mem_limit
    assert spawner.default_url.endswith("/00_welcome.ipynb")
    for profile in spawner.profile_list:
        _as_kubespawner(profile.get("kubespawner_override", {}))


def test_a_misspelt_or_mistyped_setting_fails():
    with pytest.raises(KeyError):
        _as_kubespawner({"mem_limt": "2G"})
    with pytest.raises(TraitError):
        _as_kubespawner({"mem_limit": "two gigabytes"})


def test_idle_kernels_are_culled_in_each_server_by_settings_the_server_knows():
    (only,) = CONFIG["singleuser"]["extraFiles"].values()
    manager = MappingKernelManager(config=Config(only["data"]))
    assert set(only["data"]) == {"MappingKernelManager"}
    assert set(only["data"]["MappingKernelManager"]) <= set(MappingKernelManager.class_traits(config=True))
    assert 0 < manager.cull_idle_timeout <= 3600 and manager.cull_interval > 0


def test_the_server_reads_the_culling_file_where_the_chart_mounts_it(tmp_path):
    """A real server started with the mounted file's folder as a config folder culls as it says."""
    from jupyter_core.paths import SYSTEM_CONFIG_PATH

    (only,) = CONFIG["singleuser"]["extraFiles"].values()
    mounted = Path(only["mountPath"])
    assert str(mounted.parent) in SYSTEM_CONFIG_PATH and mounted.name == "jupyter_server_config.json"
    (tmp_path / mounted.name).write_text(json.dumps(only["data"]))
    read = subprocess.run(
        [sys.executable, "-c", "from jupyter_server.serverapp import ServerApp\n"
         "app = ServerApp.instance(); app.initialize(argv=[])\n"
         "m = app.kernel_manager; print('CULL', m.cull_idle_timeout, m.cull_interval, m.cull_connected)"],
        env={**os.environ, "JUPYTER_CONFIG_PATH": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / "none")},
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    line = next(l for l in read.stdout.splitlines() if l.startswith("CULL"))
    expected = only["data"]["MappingKernelManager"]
    assert line.split()[1:] == [str(expected["cull_idle_timeout"]), str(expected["cull_interval"]),
                                str(expected["cull_connected"])], read.stderr[-2000:]


def test_the_hub_settings_load_into_jupyterhubs_and_the_github_logins_traits():
    hub_config = Config(CONFIG["hub"]["config"])
    hub = JupyterHub(config=hub_config)
    assert hub.authenticator_class is github.GitHubOAuthenticator
    for section in hub_config:
        known = {"JupyterHub": JupyterHub, "Authenticator": github.GitHubOAuthenticator,
                 "GitHubOAuthenticator": github.GitHubOAuthenticator}[section]
        assert set(hub_config[section]) <= set(known.class_traits(config=True)), section
    login = github.GitHubOAuthenticator(config=hub_config)
    assert login.allowed_organizations and login.oauth_callback_url.endswith("/hub/oauth_callback")
    assert "read:org" in login.scope and login.admin_users
    assert not login.allow_all  # someone is let in only by the organisation


def test_idle_servers_are_culled_and_a_large_class_is_packed_and_prepulled():
    assert CONFIG["cull"]["enabled"] and 0 < CONFIG["cull"]["timeout"] <= 4 * 3600
    assert CONFIG["scheduling"]["userScheduler"]["enabled"]
    assert CONFIG["prePuller"]["hook"]["enabled"] and CONFIG["prePuller"]["continuous"]["enabled"]


def test_only_the_instructor_image_holds_the_source_lessons_the_instructor_profile_reads():
    dockerfile = (Path(__file__).resolve().parent.parent / "hub" / "instructor.Dockerfile").read_text()
    copied = re.search(r"^COPY\s+(?:--\S+\s+)*notebooks\s+(\S+)$", dockerfile, re.M)
    assert copied, "the instructor image copies the source lessons"
    student, instructor = CONFIG["singleuser"]["profileList"]
    assert "kubespawner_override" not in student
    override = instructor["kubespawner_override"]
    assert override["image"] != f"{CONFIG['singleuser']['image']['name']}:{CONFIG['singleuser']['image']['tag']}"
    command = override["lifecycle_hooks"]["postStart"]["exec"]["command"][-1]
    assert f"--instructor --source {copied.group(1)} " in command
    start = CONFIG["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"][-1]
    assert "--instructor" not in start and "--source" not in start
