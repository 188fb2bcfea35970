"""Cut this interpreter off the network, loopback excepted (used by tests/test_offline.py).

Put this folder on PYTHONPATH: every Python process started with it, Jupyter kernels
included, refuses to resolve or connect to any address but loopback and local sockets,
and notes each refused attempt in the file named by MUSCLEPAIN_OFFLINE_LOG, so a test
can see an attempt even where the code that made it swallowed the error.
"""

import ipaddress
import os
import socket

_LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what):
    log = os.environ.get("MUSCLEPAIN_OFFLINE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what}\n")
    raise OSError(f"network disabled for the offline test: {what}")


_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_loopback(host):
        _refuse(f"resolve {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


def _outside(sock, address) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0])


def _guarded_connect(self, address):
    if _outside(self, address):
        _refuse(f"connect to {address!r}")
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if _outside(self, address):
        _refuse(f"connect to {address!r}")
    return _connect_ex(self, address)


def _guarded_sendto(self, data, *args):
    address = args[-1]
    if _outside(self, address):
        _refuse(f"send to {address!r}")
    return _sendto(self, data, *args)


socket.getaddrinfo = _guarded_getaddrinfo
socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.socket.sendto = _guarded_sendto
