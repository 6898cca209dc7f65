"""Which addresses the crawler may connect to: public unicast ones only, unless the user allows private
networks for the hosts they named.

Refused: loopback, private (RFC 1918, ULA ``fc00::/7``), shared (``100.64.0.0/10``), link-local (incl. the
cloud metadata address ``169.254.169.254``), multicast, reserved, unspecified, documentation and benchmark
ranges — every address Python's ``ipaddress`` does not call global, IPv4 and IPv6 — and an IPv6 address that
carries such an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible, 6to4, Teredo, NAT64). Host names in
the IPv4 shorthand forms that ``inet_aton`` and browsers accept (``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
``127.1``) are read as the address they stand for.

The check runs twice: on the URL before any request (:meth:`AddressPolicy.check_url`, for literal addresses),
and at connect time (:class:`GuardedBackend`): the host name is resolved once, EVERY address it resolves to is
checked, and the connection goes to a checked address — never to the name again, so an answer that changes
between the check and the connection (DNS rebinding) cannot slip through.

A seed (a URL the user gave) may be private when ``allow_private`` is set: its host and port are then allowed
for the whole run (its robots.txt, its redirects within that host and port, its links). A redirect to any other
host that is private is always refused.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import httpcore

from policytext.errors import PolicytextError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Iterable[str]]

# global by the registry, yet not a place a crawler of public documents has any business connecting to
_EXTRA_REFUSED = tuple(ipaddress.ip_network(n) for n in (
    "192.0.0.0/24",  # IETF protocol assignments (Python 3.11 calls parts of it global)
    "192.88.99.0/24",  # the deprecated 6to4 relay anycast
    "64:ff9b:1::/48",  # local-use NAT64
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(PolicytextError):
    """A URL whose host is (or resolves to) an address the crawler does not connect to (never retried)."""

    code = "E400"


def _ipv4_part(text: str) -> int | None:
    """One part of an inet_aton address: decimal, octal (leading 0) or hex (0x); None when it is not a number."""
    t = text.lower()
    try:
        if t.startswith("0x"):
            return int(t[2:], 16) if len(t) > 2 else 0
        if len(t) > 1 and t.startswith("0"):
            return int(t[1:], 8)
        return int(t, 10) if t.isdigit() else None
    except ValueError:
        return None


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host stands for without DNS — dotted quad, IPv6 (with or without brackets, a zone
    index dropped), or an inet_aton shorthand (1 to 4 parts, each decimal, octal or hex; a trailing dot
    ignored) — else None (a name to resolve)."""
    h = (host or "").strip().lower()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.split("%", 1)[0])
        except ValueError:
            return None
    h = h.rstrip(".") if h.count(".") <= 4 else h
    parts = h.split(".")
    if not h or len(parts) > 4:
        return None
    nums = [_ipv4_part(p) for p in parts]
    if any(n is None for n in nums):
        return None
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = 0
    for n in head:
        value = value << 8 | n
    value = value << 8 * (5 - len(parts)) | last
    return ipaddress.IPv4Address(value)


def refusal(ip: IPAddress) -> str | None:
    """Why the crawler does not connect to ``ip`` ("a loopback address" …), or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        why = refusal(ip.ipv4_mapped)  # ::ffff:a.b.c.d is a.b.c.d on a dual-stack socket
        return None if why is None else f"an IPv6 address carrying {ip.ipv4_mapped}, {why}"
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (ip.sixtofour, *(ip.teredo or ()),
                      ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None):
            if inner is not None:
                why = refusal(inner)
                if why is not None:
                    return f"an IPv6 address carrying {inner}, {why}"
    if str(ip) == "169.254.169.254" or (isinstance(ip, ipaddress.IPv6Address) and str(ip) == "fd00:ec2::254"):
        return "the cloud metadata address"
    for test, what in (("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
                       ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
                       ("is_reserved", "a reserved address"), ("is_private", "a private-network address")):
        if getattr(ip, test):
            return what
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if any(ip in net for net in _EXTRA_REFUSED if net.version == ip.version) or not ip.is_global:
        return "a non-public address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``getaddrinfo`` gives for ``host`` (TCP), in its order, without repeats."""
    out: list[str] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        addr = str(sockaddr[0])
        if addr not in out:
            out.append(addr)
    return out


class AddressPolicy:
    """What may be connected to: public addresses always; private ones only for the (host, port) pairs of seeds
    when ``allow_private``. ``resolver(host, port)`` gives a host's addresses (default: the system's)."""

    def __init__(self, *, allow_private: bool = False, resolver: Resolver | None = None):
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self.private_ok: set[tuple[str, int]] = set()

    @staticmethod
    def _key(url: str) -> tuple[str, int] | None:
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None
        return ((parts.hostname or "").rstrip(".").lower(), port)

    def add_seed(self, url: str) -> None:
        """``url`` was given by the user: with ``allow_private`` its host and port may be private."""
        key = self._key(url)
        if self.allow_private and key is not None:
            self.private_ok.add(key)

    def permits_private(self, host: str, port: int) -> bool:
        return (host.strip("[]").rstrip(".").lower(), port) in self.private_ok

    def check_url(self, url: str) -> None:
        """Refuse a URL whose host is a literal address (any spelling) we do not connect to, before any socket
        opens. Host names are checked when they are resolved, at connect time."""
        key = self._key(url)
        if key is None or self.permits_private(*key):
            return
        ip = literal_address(key[0])
        if ip is not None:
            why = refusal(ip)
            if why is not None:
                raise AddressRefused(self._message(key[0], ip, why))

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``: all of them checked (one refused address refuses the host,
        whatever order a resolver gives them in). Raises AddressRefused, or OSError when the name does not
        resolve."""
        ip = literal_address(host)
        found = [str(ip)] if ip is not None else list(self.resolver(host, port))
        if not found:
            raise OSError(f"{host} resolves to no address")
        if self.permits_private(host, port):
            return found
        for addr in found:
            try:
                parsed = ipaddress.ip_address(addr.split("%", 1)[0])
            except ValueError:
                raise AddressRefused(f"{host} resolves to {addr!r}, which is not an IP address") from None
            why = refusal(parsed)
            if why is not None:
                raise AddressRefused(self._message(host, parsed, why))
        return found

    def _message(self, host: str, ip: IPAddress, why: str) -> str:
        bare = host.strip("[]").lower()
        if literal_address(host) is None:
            said = f"{host} resolves to {ip}, {why}"
        else:
            plain = bare == str(ip) or ip.version == 6  # else an IPv4 shorthand: say which address it is
            said = f"{host} is {why}" if plain else f"{host} is {ip}, {why}"
        hint = ("only the hosts of the URLs given may be private" if self.allow_private
                else "give --allow-private (allow_private=True) to fetch from private networks")
        return f"refused: {said} ({hint})"


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend with the address check at connect time: resolve, check every address,
    connect to a checked address (the TLS server name stays the URL's host)."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = self.policy.addresses(host, port)
        except OSError as e:  # a name that does not resolve: a connection error like any other
            raise httpcore.ConnectError(f"{host}: {e}") from None
        last: Exception | None = None
        for addr in addresses:
            try:
                return super().connect_tcp(addr, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        assert last is not None
        raise last

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise AddressRefused("refused: Unix sockets are not fetched from")


def guarded_transport(policy: AddressPolicy, **kwargs):
    """An ``httpx.HTTPTransport`` whose connections go through :class:`GuardedBackend` (``kwargs`` as for
    HTTPTransport: ``limits``, ``verify`` …). No proxy from the environment: a proxy would connect on our behalf,
    to addresses nobody checked."""
    import httpx

    transport = httpx.HTTPTransport(trust_env=False, **kwargs)
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpx/httpcore version lets no network backend in; the address check cannot run")
    pool._network_backend = GuardedBackend(policy)  # noqa: SLF001 - httpx has no public way to set it
    return transport
