"""The balancer's configuration and the replicas' shared secret (the running system: tests/e2e/test_replicas_browser.py)."""

from __future__ import annotations

import os
import stat

import pytest

from deploy import haproxy, serve


def test_the_configuration_is_valid_haproxy(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy.render(8500, [("127.0.0.1", 8601), ("10.0.0.7", 8601), ("127.0.0.1", 8603)]))
    haproxy.check(path)  # HAProxy itself parses it


def test_sessions_stick_by_cookie_and_dead_replicas_are_checked_out():
    text = haproxy.render(8500, [("127.0.0.1", 8601), ("127.0.0.1", 8602)], address="127.0.0.1")
    lines = [line.strip() for line in text.splitlines()]
    assert "bind 127.0.0.1:8500" in lines
    assert any(line.startswith("cookie CORREDOR_REPLICA insert") for line in lines)
    assert not any(line.startswith(("balance source", "stick on src")) for line in lines)  # a room shares one address
    assert "option httpchk GET /_stcore/health" in lines and "option redispatch" in lines
    assert "server replica1 127.0.0.1:8601 check cookie replica1" in lines
    assert "server replica2 127.0.0.1:8602 check cookie replica2" in lines
    assert "timeout tunnel 1h" in lines  # websockets stay open


def test_a_broken_configuration_is_refused(tmp_path):
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy.render(8500, [("127.0.0.1", 8601)]).replace("balance leastconn", "balance nowhere"))
    with pytest.raises(ValueError, match="haproxy.cfg"):
        haproxy.check(path)


def test_no_replica_no_configuration():
    with pytest.raises(ValueError):
        haproxy.render(8500, [])


def test_the_cookie_secret_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv(serve.SECRET_ENV, raising=False)
    first = serve.cookie_secret(tmp_path)
    assert len(first) >= 32 and serve.cookie_secret(tmp_path) == first
    assert stat.S_IMODE(os.stat(tmp_path / "cookie-secret").st_mode) == 0o600
    monkeypatch.setenv(serve.SECRET_ENV, "from-the-environment")
    assert serve.cookie_secret(tmp_path) == "from-the-environment"
