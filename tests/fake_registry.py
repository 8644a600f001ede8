"""A local stand-in for the GCIS company registry API, answering recorded responses.

It speaks the real API's shape: GET {base}/{dataset}?$format=json&$filter=Business_Accounting_NO
eq NNNNNNNN answers a JSON array with the real field names, an empty body when there is no such
company, and prose for an unknown dataset. Numbers below choose the behaviour.

It is also a hostile registry: numbers that drip the answer one byte at a time, answer JSON
nested 100,000 deep, numbers of 5,000 digits, a capital of 10^20, wrong types, text full of
control and bidi characters, and redirects (302) to a local trap (`Trap`) that records whether
anybody followed them.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DATASET = "5F64D864-61CB-4D0D-8AD9-492047CC1EA6"

# A real answer (TSMC, recorded): the address starts with the science park, not the county.
TSMC = {
    "Business_Accounting_NO": "22099131",
    "Company_Status_Desc": "核准設立",
    "Company_Name": "台灣積體電路製造股份有限公司",
    "Capital_Stock_Amount": 280500000000,
    "Paid_In_Capital_Amount": 259327332420,
    "Responsible_Name": "魏哲家",
    "Company_Location": "新竹科學園區新竹市力行六路8號",
    "Register_Organization_Desc": "國家科學及技術委員會新竹科學園區管理局",
    "Company_Setup_Date": "0760221",
    "Change_Of_Approval_Data": "1130911",
    "Revoke_App_Date": "",
    "Case_Status": "",
    "Case_Status_Desc": "",
    "Sus_App_Date": "",
    "Sus_Beg_Date": "",
    "Sus_End_Date": "",
}
# Recorded shapes with made-up companies (the same fields the API sends).
TAICHUNG = {
    **TSMC,
    "Business_Accounting_NO": "04541302",
    "Company_Name": "綠能五金股份有限公司",
    "Capital_Stock_Amount": 10000000,
    "Paid_In_Capital_Amount": 8500000,
    "Responsible_Name": "林大明",
    "Company_Location": "台中市西屯區工業區一路100號",
    "Register_Organization_Desc": "臺中市政府",
    "Company_Setup_Date": "1120901",
    "Change_Of_Approval_Data": "1130301",
}
DISSOLVED = {
    **TSMC,
    "Business_Accounting_NO": "34051920",
    "Company_Status_Desc": "解散",
    "Company_Name": "大甲老街文創有限公司",
    "Capital_Stock_Amount": 3000000,
    "Paid_In_Capital_Amount": 3000000,
    "Responsible_Name": "陳小華",
    "Company_Location": "臺中縣大甲鎮順天路5號",
    "Register_Organization_Desc": "經濟部商業發展署",
    "Company_Setup_Date": "0890315",
    "Revoke_App_Date": "1100630",
}

FOUND = {"22099131": TSMC, "04541302": TAICHUNG, "34051920": DISSOLVED}
NOT_FOUND = "04595252"  # empty body, as the real API answers a number it does not know
MALFORMED = "12345675"
SERVER_ERROR = "10000004"
SLOW = "10000009"
EMPTY_ARRAY = "10000010"

# Hostile answers (valid 統一編號 each, so the app does ask about them).
DRIP_BODY = "10000015"  # headers at once, then the body one byte per drip interval
DRIP_HEADERS = "10000021"  # the status line and headers themselves one byte per interval
DRIP = (DRIP_BODY, DRIP_HEADERS)
DEEP = "10000026"  # a field nested 100,000 deep (json: RecursionError)
HUGE_NUMBER = "10000031"  # a capital of 5,000 digits, as a JSON number
HUGE_DIGITS_TEXT = "10000036"  # the same as text ("999...9")
BIG_CAPITAL = "10000042"  # a capital of 10^20: beyond a BIGINT column
WRONG_STATUS = "10000047"  # an object where the status text should be
WRONG_ADDRESS = "10000052"  # a list where the address should be
WRONG_CAPITAL = "10000057"  # a list where the capital should be
WRONG_NAME = "10000063"  # a list where the name should be
LONE_SURROGATE = "10000079"  # a name with a lone surrogate escape: no database can keep it
MALFORMED_ANSWERS = (
    DEEP,
    HUGE_NUMBER,
    HUGE_DIGITS_TEXT,
    BIG_CAPITAL,
    WRONG_STATUS,
    WRONG_ADDRESS,
    WRONG_CAPITAL,
    WRONG_NAME,
    LONE_SURROGATE,
)
REDIRECT_INTERNAL = "10000068"  # 302 to the trap's /admin/users (an internal address)
REDIRECT_FTP = "10000073"  # 302 to ftp:// on the trap
REDIRECTS = (REDIRECT_INTERNAL, REDIRECT_FTP)
CONTROL_CHARS = "10000074"  # a real company whose texts carry control and bidi characters
ENDLESS = "10000078"  # 200, no length, and bytes at full speed until the client hangs up
DRIP_BYTES = 60  # what a dripping answer sends in all: 30 s at the default interval


def _company(ubn: str, **fields) -> dict:
    return {**TAICHUNG, "Business_Accounting_NO": ubn, **fields}


def _json(*rows) -> bytes:
    return json.dumps(list(rows), ensure_ascii=False).encode()


def _with_raw_field(ubn: str, name: str, raw_json: str) -> bytes:
    """An answer whose field `name` is `raw_json` exactly as written (what json.dumps won't make)."""
    head = _json(_company(ubn, **{name: None}))
    return head.replace(f'"{name}": null'.encode(), f'"{name}": {raw_json}'.encode())


HOSTILE_BODIES = {
    # Under MAX_ANSWER_BYTES (256 kB): the size limit alone must not be what refuses it.
    DEEP: _with_raw_field(DEEP, "Case_Status", "[" * 100_000 + "]" * 100_000),
    HUGE_NUMBER: _with_raw_field(HUGE_NUMBER, "Paid_In_Capital_Amount", "9" * 5_000),
    HUGE_DIGITS_TEXT: _json(_company(HUGE_DIGITS_TEXT, Paid_In_Capital_Amount="9" * 5_000)),
    BIG_CAPITAL: _json(_company(BIG_CAPITAL, Paid_In_Capital_Amount=10**20)),
    WRONG_STATUS: _json(_company(WRONG_STATUS, Company_Status_Desc={"desc": "核准設立"})),
    WRONG_ADDRESS: _json(_company(WRONG_ADDRESS, Company_Location=["臺中市", "西屯區"])),
    WRONG_CAPITAL: _json(_company(WRONG_CAPITAL, Paid_In_Capital_Amount=[8500000])),
    WRONG_NAME: _json(_company(WRONG_NAME, Company_Name=["綠能五金股份有限公司"])),
    LONE_SURROGATE: _with_raw_field(LONE_SURROGATE, "Company_Name", '"綠能\\ud800五金"'),
}
# What the registry gave, with C0/C1 controls, NUL and bidi overrides/isolates/marks in it.
CONTROLLED = _company(
    CONTROL_CHARS,
    Company_Name="\u202e綠能\u200f五金\x07股份有限公司\u2066",
    Company_Status_Desc="停業\u202d",
    Responsible_Name="林\x00大明\x1b",
    Company_Location="\u2067台中市西屯區工業區一路100號\x9b",
)
FOUND[CONTROL_CHARS] = CONTROLLED


class Trap:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (any protocol).

    Redirects point here: the app must never come.
    """

    def __init__(self) -> None:
        self.visits = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            self.visits += 1
            with conn:
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n[]")

    def close(self) -> None:
        self.sock.close()


class FakeRegistry:
    """The server, its base URL, and how many times each number was asked."""

    def __init__(self, drip_interval: float = 0.5) -> None:
        self.asked: Counter[str] = Counter()
        self.release = threading.Event()  # ends the slow and dripping answers at shutdown
        self.drip_interval = drip_interval
        self.trap = Trap()
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                registry.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/od/data/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeRegistry:
        self.trap.start()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.trap.close()

    @property
    def drip_seconds(self) -> float:
        """How long a dripping answer takes to send in full."""
        return DRIP_BYTES * self.drip_interval

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        """Answer one request the way the real API would for that number."""
        url = urlsplit(handler.path)
        if url.path != f"/od/data/api/{DATASET}":
            return self._send(handler, 200, "此API不存在，請查明後繼續。".encode())
        condition = parse_qs(url.query).get("$filter", [""])[0]
        match = re.fullmatch(r"Business_Accounting_NO eq ([0-9]{8})", condition)
        ubn = match[1] if match else ""
        self.asked[ubn] += 1
        if ubn in FOUND:
            body = json.dumps([FOUND[ubn]], ensure_ascii=False).encode()
            return self._send(handler, 200, body)
        if ubn == MALFORMED:
            return self._send(handler, 200, b'[{"Business_Accounting_NO": "12345675", "Comp')
        if ubn == SERVER_ERROR:
            return self._send(handler, 500, b"<html>Internal Server Error</html>")
        if ubn == SLOW:
            self.release.wait(10)  # far past any timeout the tests set
            return None
        if ubn == EMPTY_ARRAY:
            return self._send(handler, 200, b"[]")
        if ubn in HOSTILE_BODIES:
            return self._send(handler, 200, HOSTILE_BODIES[ubn])
        if ubn in REDIRECTS:
            scheme, path = ("http", "admin/users") if ubn == REDIRECT_INTERNAL else ("ftp", "a")
            handler.send_response(302)
            handler.send_header("Location", f"{scheme}://127.0.0.1:{self.trap.port}/{path}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if ubn == ENDLESS:
            handler.wfile.write(b"HTTP/1.0 200 OK\r\n\r\n[")
            try:
                while not self.release.is_set():
                    handler.wfile.write(b" " * 65536)
            except OSError:
                pass  # the client stopped reading
            return None
        if ubn == DRIP_BODY:
            body = b"[" + b" " * (DRIP_BYTES - 2) + b"]"
            head = f"HTTP/1.0 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            handler.wfile.write(head)
            return self._drip(handler, body)
        if ubn == DRIP_HEADERS:
            pad = DRIP_BYTES - len(b"HTTP/1.0 200 OK\r\nX-Pad: \r\n\r\n")
            return self._drip(handler, b"HTTP/1.0 200 OK\r\nX-Pad: " + b"a" * pad + b"\r\n\r\n")
        return self._send(handler, 200, b"")

    def _drip(self, handler: BaseHTTPRequestHandler, data: bytes) -> None:
        """Send `data` one byte per drip interval (each read the client makes gets a byte)."""
        for i in range(len(data)):
            if self.release.wait(self.drip_interval):
                return
            try:
                handler.wfile.write(data[i : i + 1])
                handler.wfile.flush()
            except OSError:
                return  # the client gave up
        handler.close_connection = True

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
