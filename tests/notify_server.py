"""A local HTTP server that answers as GOV.UK Notify's API does, for the text message tests.

It checks each request's JWT as Notify does (HS256, `iss` the service id, `iat` recent,
signed with the key's secret), keeps what was sent, and answers 201 with a notification,
or with the status and errors a test asks for.
"""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.UUID(int=3))


class FakeNotify:
    def __init__(self):
        self.sent: list[dict] = []
        self.refused: list[str] = []
        self.answer_status = 201
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output quiet
                pass

            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(
                        token, SECRET, algorithms=["HS256"], options={"verify_iat": True}
                    )
                    if claims.get("iss") != SERVICE_ID or abs(time.time() - claims["iat"]) > 30:
                        raise jwt.InvalidTokenError("iss or iat")
                except jwt.InvalidTokenError as error:
                    outer.refused.append(type(error).__name__)
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                if self.path != "/v2/notifications/sms":
                    return self._answer(404, {"errors": [{"error": "NotFound"}]})
                data = json.loads(body)
                if outer.answer_status != 201:
                    return self._answer(
                        outer.answer_status,
                        {"status_code": outer.answer_status, "errors": [{"error": "BadRequest"}]},
                    )
                outer.sent.append(data)
                notification = str(uuid.uuid4())
                return self._answer(
                    201,
                    {
                        "id": notification,
                        "reference": data.get("reference"),
                        "content": {"body": data["personalisation"]["body"], "from_number": "SEND"},
                        "uri": f"{outer.url}/v2/notifications/{notification}",
                        "template": {"id": data["template_id"], "version": 1, "uri": ""},
                    },
                )

            def _answer(self, status, payload):
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
