"""The staff header: each role sees its own sections, and exactly one is marked current."""

import re

import pytest


def current_items(html: str) -> list[str]:
    header = html.split("</header>")[0]
    return re.findall(r'aria-current="page">([^<]+)<', header)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/console/", ["總覽"]),
        ("/console/netzero/", ["資料列表"]),
        ("/console/audit", ["稽核紀錄"]),
    ],
)
def test_one_current_section_for_officers(auth, client, path, expected):
    auth("officer")
    assert current_items(client.get(path).get_data(as_text=True)) == expected


def test_agents_see_only_agent_sections(auth, client):
    auth("agent")
    header = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert "電話登錄" in header and "展示機模式" in header
    assert "資料列表" not in header and "帳號管理" not in header
