"""The harness serves on ports the OS picks and refuses a port someone else answers on."""

import socket

import pytest

from bench import load
from bench.common import assert_port_silent, free_port, listening_socket, server_env
from bench.pageload import gunicorn


def _listener() -> socket.socket:
    other = socket.socket()
    other.bind(("127.0.0.1", 0))
    other.listen(1)
    return other


def test_a_port_that_answers_is_refused_loudly():
    other = _listener()  # stands for another session's server
    try:
        with pytest.raises(RuntimeError, match="answered before our server started"):
            assert_port_silent(other.getsockname()[1])
    finally:
        other.close()


def test_ports_come_from_the_os_and_are_held_until_closed():
    first, second = listening_socket(), listening_socket()
    try:
        ports = {first.getsockname()[1], second.getsockname()[1]}
        assert len(ports) == 2 and ports.isdisjoint(range(8600, 8611))
        squatter = socket.socket()
        with pytest.raises(OSError):  # nobody else can take the port while we hold it
            squatter.bind(("127.0.0.1", first.getsockname()[1]))
        squatter.close()
    finally:
        first.close()
        second.close()
    assert_port_silent(free_port())


def test_gunicorn_serves_the_app_on_the_socket_we_hold(tmp_path):
    env = server_env("postgres://unused@127.0.0.1:1/none", "redis://127.0.0.1:1/0")
    with gunicorn("bench.rawapp:application", env, tmp_path / "g.log", 1) as port:
        with pytest.raises(RuntimeError, match="answered"):
            assert_port_silent(port)  # ours answers now
        reply = load.sequential(port, "/raw/nothing/", 1).summary()
        assert reply["statuses"] == {404: 1}  # the raw app's own answer to an unknown page
    assert_port_silent(port)  # stopped and released
