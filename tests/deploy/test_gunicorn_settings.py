"""The gateway's and the web app's gunicorn settings, as gunicorn itself reads them."""

from __future__ import annotations

import importlib.util

import pytest
from gunicorn.app.base import Application


class _Loaded(Application):
    def __init__(self, path: str):
        self.path = path
        super().__init__()

    def init(self, parser, opts, args):
        return None

    def load_config(self):
        self.load_config_from_file(self.path)

    def load(self):
        return None


@pytest.mark.parametrize("module", ["gorontalo_gateway.gunicorn_conf", "gorontalo_web.gunicorn_conf"])
def test_no_control_socket_is_shared_between_the_masters_of_one_host(module):
    # gunicorn's default control socket is one path per user: the second master would take the first's.
    config = _Loaded(importlib.util.find_spec(module).origin).cfg
    assert config.control_socket_disable is True
