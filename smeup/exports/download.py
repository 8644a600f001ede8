"""A file download's media type per format and its attachment header (every room's exports)."""

from urllib.parse import quote

# Bare types: Werkzeug adds "; charset=utf-8" to text/* itself (given here, it came out twice).
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content_disposition(filename: str) -> str:
    """An attachment header with both filename and the RFC 5987 filename*."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
