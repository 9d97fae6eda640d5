"""The address a shared link and its QR code carry: one that phones in the room can open.

No Streamlit here. `CORREDOR_PUBLIC_URL` (e.g. https://corredor.example.org/)
names the public address when Corredor runs behind a proxy or a domain.
Without it, a page opened through localhost gives links no phone can open,
so the link is moved to this machine's network address and the presenter is
told why.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

PUBLIC_URL_ENV = "CORREDOR_PUBLIC_URL"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


@dataclass(frozen=True)
class SharedLink:
    """The link to share, the other addresses it could use, and whether the page was opened through localhost."""

    link: str
    alternatives: list[str] = field(default_factory=list)
    opened_locally: bool = False


def is_local(link: str) -> bool:
    """True when `link`'s host is this machine's loopback (localhost, 127.x.x.x, ::1)."""
    host = (urlsplit(link).hostname or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def rebase(link: str, base: str) -> str:
    """`link` with its scheme, host and port (and a path prefix, if `base` has one) taken from `base`."""
    target, source = urlsplit(base), urlsplit(link)
    prefix = target.path.rstrip("/")
    return urlunsplit((target.scheme or source.scheme, target.netloc, prefix + (source.path or "/"), source.query, ""))


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, best first (the one with a default route)."""
    found = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a UDP 'connect' sends nothing: it only picks the outgoing address
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(info[4][0])
    except OSError:
        pass
    usable = []
    for address in found:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local) and address not in usable:
            usable.append(address)
    return usable


def shared_link(link: str, environ=None, addresses=None) -> SharedLink:
    """What to share for `link` (the page's own address): the public address, else a network address."""
    environ = os.environ if environ is None else environ
    public = (environ.get(PUBLIC_URL_ENV) or "").strip()
    if public:
        return SharedLink(rebase(link, public))
    if not is_local(link):
        return SharedLink(link)
    port = urlsplit(link).port
    scheme = urlsplit(link).scheme or "http"
    choices = [rebase(link, f"{scheme}://{a}" + (f":{port}" if port else "")) for a in (network_addresses() if addresses is None else addresses)]
    if not choices:
        return SharedLink(link, [], opened_locally=True)
    return SharedLink(choices[0], choices[1:], opened_locally=True)
