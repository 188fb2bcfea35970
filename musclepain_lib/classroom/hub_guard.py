"""The trial hub's guard: a hub that would listen beyond this computer needs a real login.

The trial hub (``hub/jupyterhub_config.py``) logs every account in with one shared password
and runs every user's server as the account that started it. That is safe only on 127.0.0.1.
The guard reads the hub's configuration as JupyterHub will use it, after the config file, the
command line (``--ip X``, ``--ip=X``, ``--JupyterHub.ip X``, ``--JupyterHub.bind_url ...``,
``--JupyterHub.hub_ip ...``, the old ``JupyterHubApp`` prefix) and every other source have been
merged, never the raw command line: if the hub, its internal API or its proxy's API would
listen on any address but loopback, the hub refuses to start while every user's server runs as
one account (the trial's SimpleLocalProcessSpawner), and unless its authenticator is one
of :data:`REAL_AUTHENTICATORS` (or built on one without changing how it checks a person:
the course's LTI authenticator only chooses the page a launch opens). The trial and dummy
authenticators are never real.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["REAL_AUTHENTICATORS", "problem", "install"]

#: Authenticators that check who a person is against an institution's own records (module and
#: class name as JupyterHub loads them). A hub listening beyond loopback must use one of these.
REAL_AUTHENTICATORS = frozenset({
    "jupyterhub.auth.PAMAuthenticator",
    "ldapauthenticator.ldapauthenticator.LDAPAuthenticator",
    "ltiauthenticator.lti13.auth.LTI13Authenticator",
    "oauthenticator.azuread.AzureAdOAuthenticator",
    "oauthenticator.generic.GenericOAuthenticator",
    "oauthenticator.github.GitHubOAuthenticator",
    "oauthenticator.gitlab.GitLabOAuthenticator",
    "oauthenticator.google.GoogleOAuthenticator",
    "oauthenticator.openshift.OpenShiftOAuthenticator",
})


def is_loopback(host: str | None) -> bool:
    """Whether a host name or address is this computer only ("" and None mean every address)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def class_name(authenticator) -> str:
    """``module.Class`` of an authenticator class (or the string it was named by)."""
    if isinstance(authenticator, str):
        return authenticator
    return f"{authenticator.__module__}.{authenticator.__qualname__}"


def is_real(authenticator) -> bool:
    """Whether an authenticator is a real login: one of :data:`REAL_AUTHENTICATORS`, or a class
    built on one that leaves its check of who a person is (``authenticate``) as it was."""
    if isinstance(authenticator, str):
        return authenticator in REAL_AUTHENTICATORS
    for base in authenticator.__mro__:
        if class_name(base) in REAL_AUTHENTICATORS:
            return authenticator.authenticate is base.authenticate
    return False


def shares_one_account(spawner) -> bool:
    """Whether a spawner runs every user's server as one account (no isolation between users)."""
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    if isinstance(spawner, str):
        return spawner in ("simple", "jupyterhub.spawner.SimpleLocalProcessSpawner")
    return issubclass(spawner, SimpleLocalProcessSpawner)


def problem(listening: dict[str, str | None], authenticator, spawner=None) -> str | None:
    """Why a hub listening at these places with this authenticator and spawner must not start,
    or None.

    ``listening`` maps what listens (``"the hub"``, ``"the hub's API"``...) to a URL or a bare
    host; ``authenticator`` and ``spawner`` are the classes JupyterHub will use.
    """
    outside = {what: place for what, place in listening.items() if not is_loopback(_host(place))}
    if not outside:
        return None
    where = ", ".join(f"{what} on {place or 'every address'}" for what, place in outside.items())
    if spawner is not None and shares_one_account(spawner):
        return (
            f"Refusing to start: {where} would be reachable from other computers, and every user's server "
            "would run as this one account, so any user could read every other user's files. Keep it on "
            "127.0.0.1, or use a spawner that runs each user as their own account or container "
            "(The Littlest JupyterHub or Zero to JupyterHub: see hub/README.md)."
        )
    if is_real(authenticator):
        return None
    return (
        f"Refusing to start: {where} would be reachable from other computers, and the authenticator "
        f"{class_name(authenticator)} is not a real login (one of {', '.join(sorted(REAL_AUTHENTICATORS))}). "
        "This trial hub shares one password and runs every user's server as your own account. Keep it on "
        "127.0.0.1, or set MUSCLEPAIN_HUB_AUTHENTICATOR to a real authenticator (see hub/README.md)."
    )


def _host(place: str | None) -> str | None:
    if place is None or "://" not in place:
        return place
    return urlsplit(place).hostname or ""


def listening_places(hub) -> dict[str, str | None]:
    """Where a configured JupyterHub application will listen, from its merged configuration."""
    places = {"the hub": hub.bind_url, "the hub's API": hub.hub_bind_url or f"http://{hub.hub_ip}:{hub.hub_port}"}
    proxy_api = hub.config.get("ConfigurableHTTPProxy", {}).get("api_url")
    if proxy_api:
        places["the proxy's API"] = proxy_api
    return places


def install(jupyterhub_class) -> None:
    """Check every JupyterHub started in this process once its configuration is final.

    JupyterHub merges the config file, the command line and the old ``JupyterHubApp`` settings
    and then writes its pid file, before it opens any port; the check runs there.
    """
    original = jupyterhub_class.write_pid_file
    if getattr(original, "checked_by_the_trial_guard", False):
        return

    def write_pid_file(hub):
        found = problem(listening_places(hub), hub.authenticator_class, hub.spawner_class)
        if found:
            hub.log.critical(found)
            hub.exit(found)
        return original(hub)

    write_pid_file.checked_by_the_trial_guard = True
    jupyterhub_class.write_pid_file = write_pid_file
