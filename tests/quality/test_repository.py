"""The repository itself (quality.md, Security): no high-severity finding, no secret committed."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_finds_no_high_severity_issue():
    bandit = Path(sys.executable).parent / "bandit"
    result = subprocess.run(
        [str(bandit), "-r", "smeup", "-lll", "-q", "-f", "txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


# Not tracked by git (see .gitignore) or not ours: never scanned.
IGNORED = {
    ".git",
    ".venv",
    "node_modules",
    "instance",
    "artifacts",
    "__pycache__",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "results",
}
SECRET_PATTERNS = (
    re.compile(r"""(?i)\bSECRET_KEY['"]?\s*[:=]\s*["'][^"']+["']"""),
    # A password, key or token assigned a literal that is not a plain identifier (a name).
    re.compile(
        r"""(?i)\b\w*(secret|passw(or)?d|api_?key|access_?key|private_?key|token)\b\s*[:=]\s*"""
        r"""["'](?![a-z_.-]+["'])[^"'\s]{8,}["']"""
    ),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    re.compile(r"\b(postgres(ql)?|redis|mysql)(\+\w+)?://[^/\s:@]+:[^/\s@]+@"),
)
SECRET_FILES = re.compile(r"(^secret_key$|\.pem$|\.key$|^\.env$|^id_rsa)")


def repository_files():
    """Every file a commit could hold (ignored folders skipped)."""
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.is_file() and not parts & IGNORED:
            yield path


def test_no_secret_in_the_repository():
    found = []
    for path in repository_files():
        relative = path.relative_to(ROOT)
        if SECRET_FILES.search(path.name):
            found.append(f"{relative}: a key file")
            continue
        if (
            path.suffix
            not in (
                ".py",
                ".toml",
                ".cfg",
                ".ini",
                ".txt",
                ".md",
                ".json",
                ".yml",
                ".yaml",
                ".html",
                ".js",
                ".sh",
                "",
            )
            or relative.parts[0] == "tests"
        ):
            continue
        text = path.read_text(errors="replace")
        for pattern in SECRET_PATTERNS:
            for match in pattern.finditer(text):
                found.append(f"{relative}: {match.group(0)[:60]}")
    assert found == []
    assert "instance/" in (ROOT / ".gitignore").read_text().split()
