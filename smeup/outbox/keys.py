"""The outbox key pair: tablets encrypt with the public key, only the server can decrypt.

The private key comes from SMEUP_OUTBOX_PRIVATE_KEY (PEM) or from instance/outbox_key.pem,
made on first use. It is never in the repository.
"""

import base64
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from flask import current_app

KEY_FILE = "outbox_key.pem"


def private_key() -> RSAPrivateKey:
    """The server's outbox private key (from the environment/config, else the instance folder)."""
    pem = current_app.config.get("SMEUP_OUTBOX_PRIVATE_KEY") or ""
    if pem:
        return _load(pem.encode())
    return _instance_key(current_app.instance_path)


def public_key_spki() -> str:
    """The public key as base64 SubjectPublicKeyInfo, the form WebCrypto's importKey takes."""
    return _spki(private_key())


@cache
def _spki(key: RSAPrivateKey) -> str:
    # Every kiosk page carries it: encode it once per key, not on every render.
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


@cache
def _load(pem: bytes) -> RSAPrivateKey:
    return serialization.load_pem_private_key(pem, password=None)


@cache
def _instance_key(instance_path: str) -> RSAPrivateKey:
    path = Path(instance_path) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        draft = path.with_name(f"{KEY_FILE}.{os.getpid()}.tmp")
        draft.write_bytes(pem)
        draft.chmod(0o600)
        try:  # link is atomic: two workers starting together both keep the first one's key
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return _load(path.read_bytes())
