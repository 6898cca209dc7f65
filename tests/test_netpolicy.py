"""The crawler's address policy (issue 13, row 10): loopback, private, link-local, metadata, multicast, reserved
and unspecified addresses are refused for seeds unless allow_private, always after a redirect, and checked again
at connect time on every address a name resolves to.

Traffic goes to loopback only. Refusals of other addresses are tested through the check itself — pure
functions, an injected resolver, a stand-in for the socket connect — and a seatbelt (autouse) makes any socket
connection to a non-loopback address fail the test, so that even a broken check cannot reach a real host."""
from __future__ import annotations

import http.server
import ipaddress
import json
import socket
import subprocess
import sys
from pathlib import Path

import httpcore
import pytest

from policytext.fetch import fetch
from policytext.netpolicy import AddressPolicy, AddressRefused, GuardedBackend, literal_address, refusal

from .conftest import local_http_server

PAGE = ("<html><head><meta charset='utf-8'><title>关于开展课后服务的通知</title></head><body><p>"
        "2025年秋季学期起，全市小学课后服务覆盖率达到100%。</p></body></html>").encode()
_real_create_connection = socket.create_connection


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """The seatbelt: a connection to anything but loopback fails the test before a packet leaves."""
    def guarded(address, *args, **kwargs):
        host = address[0]
        ip = ipaddress.ip_address(host) if literal_address(host) is not None else None
        if ip is None or not ip.is_loopback:
            pytest.fail(f"a test tried to connect to {address!r}")
        return _real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


# --------------------------------------------------------------------------------- the address check


@pytest.mark.parametrize("host, address", [
    ("127.0.0.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),  # one decimal number
    ("0x7f000001", "127.0.0.1"),  # one hex number
    ("017700000001", "127.0.0.1"),  # one octal number
    ("0177.0.0.1", "127.0.0.1"),  # octal parts
    ("0x7f.1", "127.0.0.1"),  # two parts: a.b24
    ("127.1", "127.0.0.1"),
    ("10.1.258", "10.1.1.2"),  # three parts: a.b.c16
    ("127.0.0.1.", "127.0.0.1"),  # the root dot
    ("3232235777", "192.168.1.1"),
    ("0xA9.0xFE.0xA9.0xFE", "169.254.169.254"),
    ("[::1]", "::1"),
    ("::ffff:127.0.0.1", "::ffff:7f00:1"),
    ("[fe80::1%eth0]", "fe80::1"),
    ("www.gov.cn", None),
    ("edu.sh.gov.cn", None),
    ("1.2.3.4.5", None),
    ("256.1.1.1", None),
    ("08.1.1.1", None),  # not octal: a name, for DNS to refuse
    ("1..2", None),
    ("0x1g", None),
    ("", None),
])
def test_literal_address_spellings(host, address):
    got = literal_address(host)
    assert (str(got) if got is not None else None) == address


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "a loopback address"),
    ("127.255.0.9", "a loopback address"),
    ("::1", "a loopback address"),
    ("10.3.4.5", "a private-network address"),
    ("172.16.0.1", "a private-network address"),
    ("192.168.1.1", "a private-network address"),
    ("fd12:3456::1", "a private-network address"),  # ULA
    ("169.254.169.254", "the cloud metadata address"),
    ("fd00:ec2::254", "the cloud metadata address"),
    ("169.254.10.10", "a link-local address"),
    ("fe80::1", "a link-local address"),
    ("224.0.0.1", "a multicast address"),
    ("ff02::1", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("0.0.0.0", "an unspecified address"),
    ("::", "an unspecified address"),
    ("100.64.0.1", "a non-public address"),  # shared address space (carrier NAT)
    ("192.0.0.8", "a non-public address"),
    ("198.18.0.1", "a private-network address"),  # benchmarking
    ("::ffff:127.0.0.1", "an IPv6 address carrying 127.0.0.1, a loopback address"),
    ("::ffff:169.254.169.254", "an IPv6 address carrying 169.254.169.254, the cloud metadata address"),
    ("2002:c0a8:101::1", "an IPv6 address carrying 192.168.1.1, a private-network address"),  # 6to4
    ("64:ff9b::a9fe:a9fe", "an IPv6 address carrying 169.254.169.254, the cloud metadata address"),  # NAT64
    ("::7f00:1", "a reserved address"),  # IPv4-compatible
    ("fec0::1", "a site-local address"),
])
def test_refused_addresses(address, why):
    assert refusal(ipaddress.ip_address(address)) == why


@pytest.mark.parametrize("address", ["1.1.1.1", "202.108.22.5", "2606:4700::1111", "240e::1", "::ffff:1.1.1.1",
                                     "2002:101:101::1"])
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


def test_every_resolved_address_is_checked():
    answers = {"mixed.test": ["1.1.1.1", "10.0.0.7"], "mixed2.test": ["fd00::7", "1.1.1.1"],
               "public.test": ["1.1.1.1", "2606:4700::1111"], "empty.test": [], "junk.test": ["not-an-ip"]}
    policy = AddressPolicy(resolver=lambda host, port: answers[host])
    for host in ("mixed.test", "mixed2.test"):
        with pytest.raises(AddressRefused, match=rf"refused: {host} resolves to .*, a private-network address"):
            policy.addresses(host, 80)
    assert policy.addresses("public.test", 443) == ["1.1.1.1", "2606:4700::1111"]
    with pytest.raises(OSError, match="no address"):
        policy.addresses("empty.test", 80)
    with pytest.raises(AddressRefused, match="not an IP address"):
        policy.addresses("junk.test", 80)
    # a literal address is not looked up, in whatever spelling
    with pytest.raises(AddressRefused, match=r"refused: 0xA9FEA9FE is 169.254.169.254, the cloud metadata address"):
        policy.addresses("0xA9FEA9FE", 80)


def test_seeds_hosts_may_be_private_only_with_allow_private():
    strict = AddressPolicy(resolver=lambda host, port: ["10.0.0.7"])
    strict.add_seed("http://intranet.test:8080/a")
    with pytest.raises(AddressRefused, match=r"give --allow-private \(allow_private=True\)"):
        strict.addresses("intranet.test", 8080)
    loose = AddressPolicy(allow_private=True, resolver=lambda host, port: ["10.0.0.7"])
    loose.add_seed("http://Intranet.test:8080/a")
    assert loose.addresses("intranet.test", 8080) == ["10.0.0.7"]
    for host, port in (("intranet.test", 80), ("other.test", 8080)):  # another port, another host: refused
        with pytest.raises(AddressRefused, match="only the hosts of the URLs given may be private"):
            loose.addresses(host, port)
    loose.check_url("http://intranet.test:8080/b")
    with pytest.raises(AddressRefused):
        loose.check_url("http://10.0.0.7:8080/b")  # the same address under another name was not given


def test_connect_goes_to_the_checked_address(monkeypatch):
    """The backend resolves once, checks every address, and connects to the address it checked (not to the name
    again: a second lookup could answer differently — DNS rebinding). Sockets are replaced by a recorder."""
    connected = []
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp",
                        lambda self, host, port, **kw: connected.append((host, port)) or "stream")
    answers = iter([["1.1.1.1"], ["127.0.0.1"], ["1.1.1.1", "169.254.169.254"]])
    lookups = []
    backend = GuardedBackend(AddressPolicy(resolver=lambda host, port: lookups.append(host) or next(answers)))
    assert backend.connect_tcp("rebind.test", 443) == "stream"
    assert connected == [("1.1.1.1", 443)]
    with pytest.raises(AddressRefused, match="rebind.test resolves to 127.0.0.1, a loopback address"):
        backend.connect_tcp("rebind.test", 443)  # the name now points inside: refused at this connect
    with pytest.raises(AddressRefused, match="the cloud metadata address"):
        backend.connect_tcp("rebind.test", 443)
    assert connected == [("1.1.1.1", 443)] and lookups == ["rebind.test"] * 3
    with pytest.raises(AddressRefused):
        backend.connect_unix_socket("/var/run/docker.sock")


def test_unresolvable_name_is_a_connection_error():
    def nxdomain(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(httpcore.ConnectError, match="nowhere.test"):
        GuardedBackend(AddressPolicy(resolver=nxdomain)).connect_tcp("nowhere.test", 80)


# ------------------------------------------------------------------------------ through fetch, loopback


class Handler(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []
    port = 0

    def log_message(self, *a):
        pass

    def do_GET(self):
        Handler.hits.append((self.headers.get("Host", ""), self.path))
        p = self.path
        redirects = {"/to-metadata": "http://169.254.169.254/latest/meta-data/",
                     "/to-private": "http://10.0.0.1/admin",
                     "/to-decimal": f"http://2130706433:{Handler.port}/good.html",
                     "/to-mapped": f"http://[::ffff:127.0.0.1]:{Handler.port}/good.html",
                     "/to-name": f"http://inside.test:{Handler.port}/good.html",
                     "/to-localhost": f"http://localhost:{Handler.port}/good.html",
                     "/to-same": "/good.html"}
        if p in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[p])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        code, body = (200, PAGE) if p == "/good.html" else (404, b"not found")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with local_http_server(Handler) as url:
        Handler.port = int(url.rsplit(":", 1)[1])
        yield url


@pytest.fixture(autouse=True)
def fresh_hits():
    Handler.hits = []


FAST = {"delay": 0, "retries": 1, "backoff": 0.01, "timeout": 5.0}


def _loopback_resolver(names: dict[str, str]):
    """Names of the test to loopback; a real lookup for nothing."""
    def resolve(host: str, port: int) -> list[str]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: not a name of this test")
        return [names[host]]
    return resolve


def test_private_seeds_are_refused_without_allow_private(server, tmp_path):
    port = Handler.port
    seeds = [f"{server}/good.html", f"http://2130706433:{port}/good.html", f"http://0x7f.1:{port}/good.html",
             f"http://[::ffff:7f00:1]:{port}/good.html", f"http://localhost:{port}/good.html"]
    s = fetch(seeds, tmp_path / "s.warc.gz", resolver=_loopback_resolver({"localhost": "127.0.0.1"}), **FAST)
    reasons = [f.reason for f in s.failed]
    assert s.ok == [] and len(reasons) == 5 and Handler.hits == []  # not even robots.txt was asked
    assert reasons[0] == ("refused: 127.0.0.1 is a loopback address (give --allow-private (allow_private=True) to "
                          "fetch from private networks)")
    assert reasons[1].startswith("refused: 2130706433 is 127.0.0.1, a loopback address")
    assert reasons[2].startswith("refused: 0x7f.1 is 127.0.0.1, a loopback address")
    assert reasons[3].startswith("refused: ::ffff:7f00:1 is an IPv6 address carrying 127.0.0.1, a loopback")
    assert reasons[4].startswith("refused: localhost resolves to 127.0.0.1, a loopback address")
    assert all(f.status is None for f in s.failed)


def test_allowed_seed_host_redirects_elsewhere_are_refused(server, tmp_path):
    names = {"inside.test": "127.0.0.1", "localhost": "127.0.0.1"}
    paths = ["/to-metadata", "/to-private", "/to-decimal", "/to-mapped", "/to-name", "/to-localhost", "/to-same"]
    s = fetch([server + p for p in paths], tmp_path / "r.warc.gz", allow_private=True,
              resolver=_loopback_resolver(names), **FAST)
    assert s.ok == [f"{server}/to-same"] and s.fetched[0].final_url == f"{server}/good.html"
    failed = {f.url[len(server):]: f for f in s.failed}
    assert failed["/to-metadata"].reason == (
        "redirected to http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is the cloud metadata "
        "address (only the hosts of the URLs given may be private)")
    assert failed["/to-metadata"].status == 302
    assert "10.0.0.1 is a private-network address" in failed["/to-private"].reason
    assert "2130706433 is 127.0.0.1, a loopback address" in failed["/to-decimal"].reason
    assert "carrying 127.0.0.1" in failed["/to-mapped"].reason
    # names: refused at connect time, after resolving (the robots.txt request of the new host is the first)
    assert "inside.test resolves to 127.0.0.1, a loopback address" in failed["/to-name"].reason
    assert "localhost resolves to 127.0.0.1" in failed["/to-localhost"].reason
    assert all(f.reason.startswith("redirected to ") and f.status == 302 for f in s.failed)
    # the loopback server saw only its own name: no request arrived under another host
    assert {host for host, _ in Handler.hits} == {f"127.0.0.1:{Handler.port}"}
    assert sum(1 for _, p in Handler.hits if p == "/good.html") == 1


def test_a_name_is_connected_through_its_checked_address(server, tmp_path):
    """docs.test exists only in the test's resolver: fetching it proves the connection goes to the address the
    check saw, and without allow_private the same name is refused."""
    resolver = _loopback_resolver({"docs.test": "127.0.0.1"})
    url = f"http://docs.test:{Handler.port}/good.html"
    s = fetch([url], tmp_path / "n.warc.gz", allow_private=True, resolver=resolver, **FAST)
    assert s.ok == [url] and s.failed == []
    assert (f"docs.test:{Handler.port}", "/good.html") in Handler.hits
    s2 = fetch([url], tmp_path / "n2.warc.gz", resolver=resolver, **FAST)
    assert s2.ok == [] and s2.failed[0].reason.startswith("refused: docs.test resolves to 127.0.0.1, a loopback")


def test_fetch_cli_allow_private(server, tmp_path):
    exe = str(Path(sys.executable).parent / "policytext")
    url = f"{server}/good.html"
    r = subprocess.run([exe, "fetch", url, "-o", str(tmp_path / "c.warc.gz"), "--delay", "0", "--retries", "0"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and Handler.hits == []
    assert f"error: {url}: refused: 127.0.0.1 is a loopback address (give --allow-private" in r.stderr
    r2 = subprocess.run([exe, "fetch", url, "-o", str(tmp_path / "c.warc.gz"), "--delay", "0", "--allow-private",
                         "--format", "json"], capture_output=True, text=True, timeout=120)
    assert r2.returncode == 0, r2.stderr
    assert json.loads(r2.stdout)["counts"] == {"fetched": 1, "skipped": 0, "failed": 0}
