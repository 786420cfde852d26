"""No internet in tests: refuse connections to anything but this machine.

Tests and graders run where there is no network, and a test that reached a
real site would pass or fail with the weather.  :func:`install` adds an audit
hook (PEP 578) that sees every ``socket.connect`` and ``getaddrinfo`` of the
process -- from ``requests``, ``aiohttp``, ``urllib`` or a raw socket, in any
thread -- and raises :class:`OutsideConnection` for an address that is not
loopback.  Unix sockets (multiprocessing, pytest-xdist) are not affected.

An audit hook cannot be removed; :func:`allow_network` turns it off for the
rest of the process.
"""
from __future__ import annotations

import ipaddress
import socket
import sys

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
_state = {"installed": False, "active": False}


class OutsideConnection(ConnectionRefusedError):
    """A connection to an address outside this machine was attempted."""


def is_local(host) -> bool:
    """True for loopback addresses and names (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    if host is None:
        return True  # getaddrinfo(None, port): the local host
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _message(host) -> str:
    return (f"conclab: this course has no internet; a connection to {host!r} was refused. "
            f"Use the local web on 127.0.0.1 instead: the `local_web` fixture in tests, "
            f"`conclab serve` by hand.")


def _hook(event: str, args: tuple) -> None:
    if not _state["active"]:
        return
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect":
        sock, address = args
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) and address else address
    else:
        return
    if not is_local(host):
        raise OutsideConnection(_message(host))


def install() -> None:
    """Refuse non-loopback connections from now on (idempotent)."""
    if not _state["installed"]:
        sys.addaudithook(_hook)
        _state["installed"] = True
    _state["active"] = True


def allow_network() -> None:
    """Let connections through again (the hook stays, doing nothing)."""
    _state["active"] = False


def active() -> bool:
    return _state["active"]
