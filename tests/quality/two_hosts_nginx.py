"""deploy/nginx-smeup.conf run by the machine's nginx in front of the test's hosts."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import shutil
import ssl
import subprocess
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bench import server
from tests.quality.two_hosts import ROOT

NGINX_MAIN = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    include {folder}/site.conf;
}}
"""


class Nginx:
    """deploy/nginx-smeup.conf, run by the machine's nginx in front of `hosts`: only its ports,
    certificate (self-signed for 127.0.0.1), upstream servers and static folder are changed."""

    def __init__(self, hosts):
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.folder = Path(tempfile.mkdtemp(prefix="smeup-nginx-"))
        self.folder.chmod(0o755)
        self.https_port, self.http_port = server.free_port(), server.free_port()
        self.certificate = self._certificate()
        site = (ROOT / "deploy" / "nginx-smeup.conf").read_text()
        upstreams = "".join(
            f"    server 127.0.0.1:{h.port} max_fails=1 fail_timeout=10s;\n" for h in hosts
        )
        replaced = {
            "    server 127.0.0.1:8001 max_fails=1 fail_timeout=10s;\n": upstreams,
            "    server 127.0.0.1:8002 max_fails=1 fail_timeout=10s;\n": "",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "/etc/letsencrypt/live/smeup.example.tw/fullchain.pem": str(self.certificate),
            "/etc/letsencrypt/live/smeup.example.tw/privkey.pem": str(self.folder / "tls.key"),
            "/srv/smeup/app/smeup/static/": str(ROOT / "smeup" / "static") + "/",
        }
        for old, new in replaced.items():
            assert old in site, f"deploy/nginx-smeup.conf no longer has {old!r}"
            site = site.replace(old, new)
        (self.folder / "site.conf").write_text(site)
        (self.folder / "nginx.conf").write_text(NGINX_MAIN.format(folder=self.folder))
        command = [self.binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        self._stop = [*command, "-s", "quit"]

    def _certificate(self) -> Path:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
            .sign(key, hashes.SHA256())
        )
        (self.folder / "tls.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path = self.folder / "tls.crt"
        path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return path

    def request(self, method, path, *, body=None, headers=None, source="127.0.0.1"):
        """One HTTPS request through nginx from loopback address `source`: (status, headers, text)."""
        context = ssl.create_default_context(cafile=str(self.certificate))
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            self.https_port,
            timeout=120,
            context=context,
            source_address=(source, 0),
        )
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            conn.close()

    def declared_body(self, path: str, size: int) -> int:
        """POST headers announcing a body of `size` bytes, and none sent: nginx's answer."""
        context = ssl.create_default_context(cafile=str(self.certificate))
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, timeout=120, context=context
        )
        try:
            conn.putrequest("POST", path)
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(size))
            conn.endheaders()
            return conn.getresponse().status
        finally:
            conn.close()

    def stop(self) -> None:
        subprocess.run(self._stop, capture_output=True, timeout=60)
