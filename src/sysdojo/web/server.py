"""Run the app under gunicorn from inside the `sysdojo serve` process."""

from __future__ import annotations

import socket
from typing import Any

from gunicorn.app.base import BaseApplication


class Server(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        # gunicorn 27's control socket defaults to one path per machine user; several servers would share it.
        self.cfg.set("control_socket_disable", True)
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def bind_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, or None.

    The server listens with SO_REUSEPORT (one socket per worker, so the kernel spreads connections
    evenly; a shared socket let one worker take all 64 of the benchmark's connections). With that flag
    a second server of the same user could bind the same port and silently take half the traffic, so
    a plain bind is tried first: it fails whenever anything listens there.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"cannot resolve {host!r}: {exc.strerror}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: TIME_WAIT is no conflict
        try:
            probe.bind(address)
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror} (another server there? try --port)"
    return None
