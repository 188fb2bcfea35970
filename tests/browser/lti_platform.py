"""A small LTI 1.3 platform (the LMS side) for tests, on 127.0.0.1: no real LMS runs here.

It follows the LTI 1.3 / OpenID Connect third-party-initiated login as published
(IMS Security Framework 1.0, section 5.1.1; LTI 1.3, section 5):

1. its page holds one launch form per case; a launch POSTs the login initiation (``iss``,
   ``login_hint``, ``target_link_uri``, ``lti_message_hint``, ``client_id``,
   ``lti_deployment_id``) to the tool's OIDC login URL;
2. the tool redirects the browser to the platform's authorization endpoint (``/auth``)
   with ``state`` and ``nonce``; the platform checks the request (response type, scope,
   form_post, client id, registered redirect URI) and
3. answers with a page that form-posts a signed ``id_token`` and the ``state`` to the
   tool's launch (redirect) URL.

It signs with its own RSA key and serves the public half at ``/jwks``. The launch named in
``lti_message_hint`` decides the token: ``learner`` and ``instructor`` are good launches;
``lesson-02`` is the learner's launch from a link with the custom parameter
``lesson=02_cramps``, ``lesson-outside`` one whose custom lesson is a path out of the course;
``other-key`` (signed by a key the platform never published), ``expired``,
``wrong-client`` (audience is another tool) and ``replay`` (the learner's earlier token,
nonce and all, sent again with a new state) are attacks the tool must refuse.
"""

from __future__ import annotations

import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_ID = "platform-key-1"
LAUNCHES = ("learner", "instructor", "lesson-02", "lesson-outside", "other-key", "expired", "wrong-client", "replay")
CUSTOM_LESSON = {"lesson-02": "02_cramps", "lesson-outside": "../../.musclepain/progress"}
PEOPLE = {  # login_hint -> (e-mail, LTI roles)
    "learner": ("lena.learner@uni.example", ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]),
    "instructor": ("ivan.instructor@uni.example", ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]),
    "mallory": ("mallory@uni.example", ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]),
}


class Platform:
    """The platform on a free port of 127.0.0.1; ``url``, ``client_id``; start, then ``connect(hub_url)``."""

    def __init__(self, port: int, client_id: str, lesson_path: str):
        self.url = f"http://127.0.0.1:{port}"
        self.client_id = client_id
        self.lesson_path = lesson_path  # the lesson the LMS page links to, from the hub's root
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.foreign_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.hub_url = ""
        self.issued: dict[str, str] = {}  # launch -> the last id_token sent for it
        self.refusals: list[str] = []  # authorization requests the platform itself refused
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ----- what the hub's administrator copies from the LMS --------------------------------
    def settings(self) -> dict[str, str]:
        return {
            "MUSCLEPAIN_HUB_AUTHENTICATOR": "lti13",
            "MUSCLEPAIN_LTI_ISSUER": self.url,
            "MUSCLEPAIN_LTI_CLIENT_ID": self.client_id,
            "MUSCLEPAIN_LTI_AUTHORIZE_URL": f"{self.url}/auth",
            "MUSCLEPAIN_LTI_JWKS_URL": f"{self.url}/jwks",
        }

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ----- the pages -----------------------------------------------------------------------
    def launch_page(self) -> str:
        forms = []
        for launch in LAUNCHES:
            hint = launch if launch in PEOPLE else "learner" if launch in CUSTOM_LESSON else "mallory"
            fields = {
                "iss": self.url, "login_hint": hint, "lti_message_hint": launch, "client_id": self.client_id,
                "target_link_uri": f"{self.hub_url}{self.lesson_path}", "lti_deployment_id": "deployment-1",
            }
            inputs = "".join(
                f"<input type='hidden' name='{name}' value='{html.escape(value, quote=True)}'>"
                for name, value in fields.items()
            )
            forms.append(
                f"<form method='post' action='{self.hub_url}/hub/lti13/oauth_login'>{inputs}"
                f"<button id='launch-{launch}' type='submit'>Open the lesson as {launch}</button></form>"
            )
        return "<!doctype html><title>Course page</title><h1>Physiology 101</h1>" + "".join(forms)

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, launch: str, hint: str, nonce: str) -> str:
        email, roles = PEOPLE[hint]
        now = int(time.time())
        claims = {
            "iss": self.url, "aud": self.client_id, "sub": f"user-{hint}", "email": email,
            "iat": now, "exp": now + 300, "nonce": nonce,
            "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
            "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-1",
            "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": f"{self.hub_url}{self.lesson_path}",
            "https://purl.imsglobal.org/spec/lti/claim/resource_link": {"id": "link-lesson-01"},
            "https://purl.imsglobal.org/spec/lti/claim/roles": roles,
            "https://purl.imsglobal.org/spec/lti/claim/context": {"id": "physio-101", "label": "PHYS101"},
        }
        if launch in CUSTOM_LESSON:  # a link whose custom parameters say lesson=...
            claims["https://purl.imsglobal.org/spec/lti/claim/custom"] = {"lesson": CUSTOM_LESSON[launch]}
        key = self.key
        if launch == "expired":
            claims.update(iat=now - 3600, exp=now - 3000)
        elif launch == "wrong-client":
            claims["aud"] = "another-tool"
        elif launch == "other-key":
            key = self.foreign_key  # same key id, a key the platform never published
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def authorize(self, query: dict[str, str]) -> tuple[int, str]:
        """The OIDC authorization endpoint: check the tool's request, answer with the form_post page."""
        expected = {"response_type": "id_token", "scope": "openid", "response_mode": "form_post", "prompt": "none",
                    "client_id": self.client_id, "redirect_uri": f"{self.hub_url}/hub/lti13/oauth_callback"}
        wrong = [name for name, value in expected.items() if query.get(name) != value]
        wrong += [name for name in ("state", "nonce") if not query.get(name)]
        if wrong or query.get("login_hint") not in PEOPLE:
            self.refusals.append(f"{wrong} {query}")
            return 400, f"Authorization request refused: {wrong or 'unknown login_hint'}"
        launch = query.get("lti_message_hint", "")
        if launch == "replay":
            token = self.issued["learner"]  # captured from the learner's launch, its nonce inside
        else:
            token = self.id_token(launch, query["login_hint"], query["nonce"])
            self.issued[launch] = token
        fields = {"id_token": token, "state": query["state"]}
        inputs = "".join(f"<input type='hidden' name='{k}' value='{html.escape(v, quote=True)}'>" for k, v in fields.items())
        return 200, (
            f"<!doctype html><form id='launch' method='post' action='{html.escape(expected['redirect_uri'])}'>{inputs}</form>"
            "<script>document.getElementById('launch').submit()</script>"
        )

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                address = urlparse(self.path)
                if address.path == "/":
                    self._send(200, platform.launch_page(), "text/html")
                elif address.path == "/jwks":
                    self._send(200, json.dumps(platform.jwks()), "application/json")
                elif address.path == "/auth":
                    query = {k: v[-1] for k, v in parse_qs(address.query).items()}
                    self._send(*platform.authorize(query), "text/html")
                else:
                    self._send(404, "not found", "text/plain")

            def _send(self, status, body, kind):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler

