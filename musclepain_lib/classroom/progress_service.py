"""The JupyterHub service ``musclepain-progress``: learners' answers gathered into a database.

A learner's kernel sends each self-check attempt, exercise check and lesson opened or
finished to ``POST {prefix}api/attempts`` with the token JupyterHub gave its server
(``Authorization: token $JUPYTERHUB_API_TOKEN``). JupyterHub's own auth helpers
(:class:`jupyterhub.services.auth.HubOAuth`) ask the hub who owns the token; the records are
stored under that name only (a record naming anyone else is refused). A learner reads back
only their own records (``GET {prefix}api/attempts``); the class (``GET {prefix}api/class``
and the class page ``{prefix}``, behind the hub's login) is for instructors only: hub
admins and members of the hub group named by ``--instructor-group``.

Run by the hub as a managed service (hub/jupyterhub_config.py)::

    python -m musclepain_lib.classroom.progress_service --db sqlite:////srv/class-progress.sqlite

It listens where ``$JUPYTERHUB_SERVICE_URL`` says, under ``$JUPYTERHUB_SERVICE_PREFIX``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlparse

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated, UserNotAllowed
from jupyterhub.utils import url_path_join
from tornado import httpclient, web

from musclepain_lib.classroom.class_live import class_page_html, class_summary
from musclepain_lib.classroom.progress_db import ProgressDatabase
from musclepain_lib.core.errors import InputError

__all__ = ["make_app", "main"]

MAX_BODY_BYTES = 1_000_000
ROSTER_SECONDS = 30  # how long the hub's list of users and instructors is reused


class Hub:
    """What the service asks the hub with its own token: who is an instructor, who is in the class."""

    def __init__(self, auth: HubOAuth, instructor_group: str):
        self.auth, self.group = auth, instructor_group
        self._users: list[dict] = []
        self._fetched = 0.0

    async def users(self) -> list[dict]:
        if time.monotonic() - self._fetched > ROSTER_SECONDS:
            request = httpclient.HTTPRequest(
                url_path_join(self.auth.api_url, "users"),
                headers={"Authorization": f"token {self.auth.api_token}"},
            )
            response = await httpclient.AsyncHTTPClient().fetch(request)
            self._users = json.loads(response.body)
            self._fetched = time.monotonic()
        return self._users

    async def instructors(self) -> set[str]:
        return {u["name"] for u in await self.users() if u.get("admin") or self.group in (u.get("groups") or [])}

    async def roster(self) -> list[str]:
        return sorted(u["name"] for u in await self.users())


class _Base(HubOAuthenticated, web.RequestHandler):
    def initialize(self, database: ProgressDatabase, hub: Hub, pool: ThreadPoolExecutor):
        self.database, self.hub, self.pool = database, hub, pool

    async def prepare(self):
        """Ask the hub who this is without blocking other requests (the answer is cached a minute)."""
        model = await self.hub_auth.get_user(self, sync=False)
        try:
            self._hub_auth_user_cache = self.check_hub_user(model) if model else None
        except UserNotAllowed:
            self._hub_auth_user_cache = None

    def need_user(self) -> str:
        """The token's owner; API calls without a valid token get 403 (never a login page)."""
        if not self.current_user:
            raise web.HTTPError(403, "a valid hub token with access to this service is required")
        return self.current_user["name"]

    def check_xsrf_cookie(self):  # token-authenticated API calls carry no cookie to forge
        if not self.request.headers.get("Authorization"):
            super().check_xsrf_cookie()

    async def in_pool(self, function, *args, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(self.pool, lambda: function(*args, **kwargs))

    async def require_instructor(self) -> str:
        name = self.need_user()
        if name not in await self.hub.instructors():
            raise web.HTTPError(403, f"{name} is not an instructor of this class")
        return name

    def write_error(self, status_code, **kwargs):
        reason = kwargs.get("exc_info", (None, None))[1]
        message = getattr(reason, "log_message", None) or self._reason
        self.finish({"error": message, "status": status_code})


class AttemptsHandler(_Base):
    async def post(self):
        name = self.need_user()
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the body must be JSON: {\"records\": [...]}") from None
        if not isinstance(body, dict) or not isinstance(body.get("records"), list):
            raise web.HTTPError(400, "the body must be JSON: {\"records\": [...]}")
        claimed = {body.get("user", name), *(r.get("user", name) for r in body["records"] if isinstance(r, dict))}
        if claimed != {name}:
            raise web.HTTPError(403, f"the token belongs to {name}; records of {sorted(claimed - {name})} are refused")
        try:
            stored = await self.in_pool(self.database.add, name, body["records"])
        except InputError as error:
            raise web.HTTPError(400, str(error)) from None
        self.finish({"stored": stored, "received": len(body["records"])})

    async def get(self):
        name = self.need_user()
        wanted = self.get_argument("user", name)
        if wanted != name:
            await self.require_instructor()
        self.finish({"user": wanted, "records": await self.in_pool(self.database.records, user=wanted)})


class ClassHandler(_Base):
    async def summary(self):
        await self.require_instructor()
        lesson = self.get_argument("lesson", None) or None
        records = await self.in_pool(self.database.records)
        summary = class_summary(records, await self.hub.roster(), await self.hub.instructors(), lesson)
        return summary, sorted({r["lesson"] for r in records})


class ClassApiHandler(ClassHandler):
    async def get(self):
        summary, _ = await self.summary()
        self.finish(summary)


class ClassPageHandler(ClassHandler):
    @web.authenticated
    async def get(self):
        summary, lessons = await self.summary()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        self.finish(class_page_html(summary, lessons))


def make_app(database: ProgressDatabase, instructor_group: str = "instructors", prefix: str | None = None):
    prefix = prefix or os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/musclepain-progress/")
    auth = HubOAuth(api_token=os.environ.get("JUPYTERHUB_API_TOKEN", ""), cache_max_age=60)
    shared = {"database": database, "hub": Hub(auth, instructor_group),
              "pool": ThreadPoolExecutor(1 if database.engine.dialect.name == "sqlite" else 4)}
    return web.Application(
        [
            (prefix, ClassPageHandler, shared),
            (url_path_join(prefix, "api/attempts"), AttemptsHandler, shared),
            (url_path_join(prefix, "api/class"), ClassApiHandler, shared),
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        hub_auth=auth,
        cookie_secret=os.urandom(32),
        xsrf_cookies=True,
        max_body_size=MAX_BODY_BYTES,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="musclepain-progress", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("MUSCLEPAIN_PROGRESS_DB"),
                        help="SQLAlchemy URL (default: class-progress.sqlite in the current folder)")
    parser.add_argument("--instructor-group", default="instructors", help="hub group whose members see the class")
    args = parser.parse_args(argv)
    database = ProgressDatabase(args.db)
    database.migrate()
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = make_app(database, args.instructor_group)
    asyncio.run(_serve(app, url.hostname or "127.0.0.1", url.port or 80, database))


async def _serve(app, host, port, database):
    app.listen(port, host, xheaders=True)
    print(f"musclepain-progress: storing in {database.engine.url.render_as_string(hide_password=True)}, "
          f"listening on {host}:{port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    main()
