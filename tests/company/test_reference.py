"""Reference lists from smeup/data/company.toml (forms.md §1)."""

import pytest

from smeup.company import reference
from smeup.company.reference import (
    COUNTIES,
    INDUSTRIES,
    REFERENCE_VERSION,
    SOURCES,
    industry_label,
    load_reference,
    normalise_county,
)

SPEC_COUNTIES = [
    "臺北市",
    "新北市",
    "桃園市",
    "臺中市",
    "臺南市",
    "高雄市",
    "基隆市",
    "新竹市",
    "嘉義市",
    "新竹縣",
    "苗栗縣",
    "彰化縣",
    "南投縣",
    "雲林縣",
    "嘉義縣",
    "屏東縣",
    "宜蘭縣",
    "花蓮縣",
    "臺東縣",
    "澎湖縣",
    "金門縣",
    "連江縣",
]

SPEC_INDUSTRIES = {
    "A": "農、林、漁、牧業",
    "B": "礦業及土石採取業",
    "C": "製造業",
    "D": "電力及燃氣供應業",
    "E": "用水供應及污染整治業",
    "F": "營建工程業",
    "G": "批發及零售業",
    "H": "運輸及倉儲業",
    "I": "住宿及餐飲業",
    "J": "出版影音及資通訊業",
    "K": "金融及保險業",
    "L": "不動產業",
    "M": "專業、科學及技術服務業",
    "N": "支援服務業",
    "O": "公共行政及國防；強制性社會安全",
    "P": "教育業",
    "Q": "醫療保健及社會工作服務業",
    "R": "藝術、娛樂及休閒服務業",
    "S": "其他服務業",
}


def test_counties_are_the_22_in_spec_order():
    assert tuple(SPEC_COUNTIES) == COUNTIES
    assert len(COUNTIES) == 22


@pytest.mark.parametrize("county", SPEC_COUNTIES)
def test_each_county_normalises_to_itself(county):
    assert normalise_county(county) == county


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("台北市", "臺北市"),
        ("台中市", "臺中市"),
        ("台南市", "臺南市"),
        ("台東縣", "臺東縣"),
        (" 台北市 ", "臺北市"),
        ("臺 北 市", "臺北市"),
        ("\u3000新北市", "新北市"),  # ideographic space
    ],
)
def test_normalise_county_variants(raw, expected):
    assert normalise_county(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "台北", "臺北", "台灣省", "桃園縣", "新竹", "Taipei", "臺北市X", None]
)
def test_unknown_county_is_none(raw):
    assert normalise_county(raw) is None


def test_industries_match_spec_in_a_to_s_order():
    assert list(INDUSTRIES) == list(SPEC_INDUSTRIES)
    assert INDUSTRIES == SPEC_INDUSTRIES


@pytest.mark.parametrize(("letter", "label"), SPEC_INDUSTRIES.items())
def test_industry_label(letter, label):
    assert industry_label(letter) == label


@pytest.mark.parametrize("letter", ["", "T", "a", "o", "AB", "1"])
def test_industry_label_unknown_raises(letter):
    with pytest.raises(KeyError):
        industry_label(letter)


def test_version_and_sources():
    assert isinstance(REFERENCE_VERSION, str)
    assert REFERENCE_VERSION.strip()
    joined = " ".join(SOURCES)
    for name in ("統一編號", "行業統計分類", "中小企業認定標準", "2020", "電信號碼"):
        assert name in joined


def test_file_is_read_once(monkeypatch):
    first = load_reference()

    def boom(*_args, **_kwargs):
        raise AssertionError("company.toml read again")

    monkeypatch.setattr(reference.tomllib, "load", boom)
    assert load_reference() is first
