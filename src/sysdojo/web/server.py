"""Run the app under gunicorn from inside the `sysdojo serve` process."""

from __future__ import annotations

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
