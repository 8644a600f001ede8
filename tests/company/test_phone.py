"""Taiwan phone numbers through libphonenumber: parse, store, format and mask (forms.md §1)."""

import pytest

from smeup.company.phone import format_phone, mask_phone, parse_phone


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        # Examples from the spec.
        ("02-2358-1021", "0223581021"),
        ("04-2222-3333", "0422223333"),
        ("049-222-3333", "0492223333"),
        ("082-312-345", "082312345"),
        ("(02)2358-1021#352", "0223581021#352"),
        ("0800-056-476", "0800056476"),
        ("+886 912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        # Separators and full-width input.
        ("0223581021", "0223581021"),
        ("02 2358 1021", "0223581021"),
        ("(02) 2358-1021", "0223581021"),
        ("０２－２３５８－１０２１", "0223581021"),
        ("０９１２３４５６７８", "0912345678"),
        ("（０２）２３５８１０２１＃３５２", "0223581021#352"),
        ("02\u20132358\u20141021", "0223581021"),  # en and em dashes from word processors
        ("\u30000912 345 678\u3000", "0912345678"),  # ideographic spaces
        # Country code forms.
        ("+886 2 2358 1021", "0223581021"),
        ("+886 (0)2 2358-1021", "0223581021"),
        ("+886-2-2358-1021#352", "0223581021#352"),
        ("+886 0912 345 678", "0912345678"),
        ("+886912345678", "0912345678"),
        ("００８８６９１２３４５６７８", "0912345678"),
        ("00886 2 2358 1021", "0223581021"),
        ("886912345678", "0912345678"),
        ("＋８８６ ９１２ ３４５ ６７８", "0912345678"),
        # Extensions.
        ("02-2358-1021 #352", "0223581021#352"),
        ("02-2358-1021 分機 352", "0223581021#352"),
        ("02-2358-1021分機352", "0223581021#352"),
        ("02-2358-1021 轉 352", "0223581021#352"),
        ("02-2358-1021 ext 352", "0223581021#352"),
        ("02-2358-1021 ext. 352", "0223581021#352"),
        ("02-2358-1021 EXT.352", "0223581021#352"),
        ("02-2358-1021 x352", "0223581021#352"),
        ("02-2358-1021 X 1", "0223581021#1"),
        ("02-2358-1021 ext: 123456", "0223581021#123456"),
        ("0800-056-476 #2", "0800056476#2"),
        # Every area code, with the longest prefix winning (numbers in allocated ranges).
        ("03-425-1234", "034251234"),  # 桃園 中壢
        ("03-5712121", "035712121"),  # 新竹
        ("037-331-234", "037331234"),  # 苗栗
        ("04-722-3333", "047223333"),  # 彰化: 7 digits after 04
        ("04-2222-3333", "0422223333"),  # 臺中: 8 digits after 04
        ("049-222-3333", "0492223333"),  # 南投
        ("05-277-1234", "052771234"),  # 嘉義
        ("06-274-1234", "062741234"),  # 臺南
        ("07-331-1234", "073311234"),  # 高雄
        ("08-732-1234", "087321234"),  # 屏東
        ("089-321-234", "089321234"),  # 臺東
        ("082-312-345", "082312345"),  # 金門
        ("0826-61234", "082661234"),  # 烏坵
        ("0836-22345", "083622345"),  # 馬祖
        # Toll-free and VoIP.
        ("0800-035-399", "0800035399"),
        ("0809-123-456", "0809123456"),
        ("070-1018-8888", "07010188888"),  # VoIP: refused by the old hand-written check
        ("070 1018 8888 #12", "07010188888#12"),
        # Mobiles.
        ("0988-123-456", "0988123456"),
        ("0958 123 456", "0958123456"),
    ],
)
def test_parse_valid(raw, stored):
    assert parse_phone(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "phone",
        "02-2358-102",  # 02 needs 10 digits in all
        "02-2358-10211",
        "02-235-8102",
        "049-222-333",  # 049 needs 10
        "03-1234-5678",  # 03 needs 9
        "04-8219-9351",  # unallocated: accepted by the old hand-written check
        "03-123-4567",  # 031 is not allocated
        "0201234567",  # premium rate (付費資訊): valid, but not a contact number
        "037-123-4567",
        "04-222-333",  # 8 digits
        "04-2222-33333",  # 11 digits
        "0826-1234",
        "02-0358-1021",  # subscriber numbers never start with 0
        "0912-345-67",  # mobile: 09 + 8 digits
        "0912-345-6789",
        "912-345-678",  # no leading 0
        "2358-1021",  # no area code
        "01-2345-6789",  # 01 is not an area code
        "0700-123-456",  # 070 VoIP numbers have 11 digits
        "0800-123-4567",
        "+1 212 555 1234",  # other countries
        "+44 20 7946 0958",
        "+8869123456789",
        "0912+345678",  # + only as the leading country code marker
        "02-2358-1021#",  # marker without extension
        "02-2358-1021 分機",
        "02-2358-1021#1234567",  # extension 1–6 digits
        "02-2358-1021#35a",
        "02-2358-1021#352#1",
        "02-2358-1021 ext 12 34",
        "0912-345-678#12",  # mobiles have no extensions
        "02-2358-1021 ,",
        "02/2358/1021",
        "٠٢٢٣٥٨١٠٢١",  # Arabic-Indic digits
        "#352",
    ],
)
def test_parse_invalid(raw):
    assert parse_phone(raw) is None


def test_parse_non_string_is_none():
    assert parse_phone(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("0223581021", "02-2358-1021"),
        ("0223581021#352", "02-2358-1021 #352"),
        ("0422223333", "04-2222-3333"),
        ("047223333", "04-722-3333"),
        ("0492223333", "049-222-3333"),
        ("031234567", "03-123-4567"),
        ("037123456", "037-123-456"),
        ("071234567", "07-123-4567"),
        ("089312345", "089-312-345"),
        ("082312345", "082-312-345"),
        ("082612345", "0826-12345"),
        ("083622345", "0836-22345"),
        ("0912345678", "0912-345-678"),
        ("0800035399", "0800-035-399"),
        ("0800056476#2", "0800-056-476 #2"),
        ("0809123456", "0809-123-456"),
    ],
)
def test_format_phone(stored, shown):
    assert format_phone(stored) == shown


@pytest.mark.parametrize("stored", ["", "abc", "12345", "0012345678", "02-2358"])
def test_format_unrecognised_is_unchanged(stored):
    assert format_phone(stored) == stored


@pytest.mark.parametrize(
    ("stored", "masked"),
    [
        ("0912345678", "0912-***-678"),
        ("0223581021", "02-****-1021"),
        ("0223581021#352", "02-****-1021"),  # extension hidden
        ("0422223333", "04-****-3333"),
        ("047223333", "04-***-3333"),
        ("0492223333", "049-***-3333"),
        ("082312345", "082-***-345"),
        ("083622345", "0836-***45"),
        ("0800035399", "0800-***-399"),
    ],
)
def test_mask_phone(stored, masked):
    assert mask_phone(stored) == masked


@pytest.mark.parametrize("stored", ["0012345678", "12345", ""])
def test_mask_unrecognised_never_shows_whole_number(stored):
    masked = mask_phone(stored)
    assert stored == "" or masked != stored
    assert sum(c.isdigit() for c in masked) <= 3


@pytest.mark.parametrize(
    "raw",
    ["02-2358-1021", "(02)2358-1021#352", "+886 912 345 678", "0800-056-476", "082-312-345"],
)
def test_round_trip(raw):
    stored = parse_phone(raw)
    assert stored is not None
    assert parse_phone(format_phone(stored)) == stored


@pytest.mark.parametrize(
    ("stored", "shown", "masked"),
    [
        # Accepted by the hand-written check before libphonenumber; refused now, still shown.
        ("031234567", "03-123-4567", "03-***-4567"),
        ("051234567", "05-123-4567", "05-***-4567"),
        ("0482199351", "04-8219-9351", "04-****-9351"),
        ("082612345", "0826-12345", "0826-***45"),
        ("0482199351#12", "04-8219-9351 #12", "04-****-9351"),
    ],
)
def test_numbers_stored_before_the_change_still_display(stored, shown, masked):
    assert parse_phone(stored.partition("#")[0]) is None
    assert format_phone(stored) == shown
    assert mask_phone(stored) == masked
