"""A local stand-in for the GCIS company registry API, answering recorded responses.

It speaks the real API's shape: GET {base}/{dataset}?$format=json&$filter=Business_Accounting_NO
eq NNNNNNNN answers a JSON array with the real field names, an empty body when there is no such
company, and prose for an unknown dataset. Numbers below choose the behaviour.
"""

from __future__ import annotations

import json
import re
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


class FakeRegistry:
    """The server, its base URL, and how many times each number was asked."""

    def __init__(self) -> None:
        self.asked: Counter[str] = Counter()
        self.release = threading.Event()  # ends the slow answers at shutdown
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
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

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
        return self._send(handler, 200, b"")

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
