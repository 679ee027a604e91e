"""The lab's HTTP face: moto's server app on 127.0.0.1, for clients that only speak HTTP.

It runs in a thread of the kernel, so it serves the very same state as in-process boto3 calls. The socket
is bound in the caller's thread, so a taken port fails at once with a clear error instead of hanging.
"""

from __future__ import annotations

import socket
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from labkit.runtime.errors import LabError

HOST = "127.0.0.1"


class _QuietHandler(MotoRequestHandler):
    """moto's request handler without werkzeug's access log, which would spill into notebook cells."""

    def log_request(self, *args: object, **kwargs: object) -> None:
        pass


class LoopbackServer:
    """A threaded moto server on loopback; port 0 asks the OS for a free port."""

    def __init__(self, port: int = 0) -> None:
        # Bound here rather than by werkzeug, which would print and exit the kernel on a taken port.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind((HOST, port))
            listener.listen(64)
        except OSError as error:
            listener.close()
            raise LabError(
                f"Port {port} on {HOST} is taken ({error.strerror}). "
                "Call labkit.start() without port= to let the lab pick a free one."
            ) from None
        with listener:
            self._server: BaseWSGIServer = make_server(
                HOST,
                port,
                DomainDispatcherApplication(create_backend_app),
                threaded=True,
                request_handler=_QuietHandler,
                fd=listener.fileno(),
            )
        self.port: int = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="labkit-server", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
