"""Each table's title, number format and one-line definition (shown under it and on 定義)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Definition:
    title: str
    fmt: str  # int | dec | pct | days | ratio (a line's own format may override: see FORMATS)
    text: str


STRATEGIES = (
    ("netzero", "淨零排放"),
    ("digital", "數位轉型"),
    ("innovation", "創新加值"),
    ("local", "在地共榮"),
    ("across", "跨策略：服務企業、管道與活動"),
)

DEFINITIONS: dict[str, Definition] = {
    "nz_checks": Definition(
        "淨零健檢",
        "int",
        "期間內送出的淨零健檢件數（依送出時間，臺北時間）；受檢企業以統一編號所屬企業計，一家檢查多次算一家；"
        "排放量為各件估算總排放量（範疇一＋範疇二）加總。",
    ),
    "nz_levels": Definition(
        "減碳急迫程度", "int", "期間內淨零健檢依送出當時判定的急迫程度（高／中／低）分別計件。"
    ),
    "nz_referrals": Definition(
        "轉介：服務單位 × 狀態",
        "int",
        "期間內淨零健檢所開處方項目的轉介，依服務單位與目前狀態計項；兩期皆為 0 的組合不列。",
    ),
    "nz_contact": Definition(
        "轉介聯繫時效",
        "int",
        "分母為期間內健檢的轉介項目（不含「不需要」）；健檢日後第 14 個日曆日（含）以前轉為已聯繫者算"
        "「14 日內」；天數中位數只計已聯繫者（健檢時間到轉為已聯繫的天數）；已完成為目前狀態。",
    ),
    "dg_survey": Definition(
        "課程意願調查",
        "int",
        "期間內送出的課程意願調查回覆數；各課程依被排為第一志願的回覆數，列出前 5 名。",
    ),
    "dg_training": Definition(
        "實戰培訓場次與出席",
        "int",
        "期間內開始的課程場次；已取消的場次不計入場次、報名與任何比率。出席率＝出席 ÷ 開課時已取得座位者"
        "（含現場報名），只計已結束場次；候補未取得座位者不算未到；同一人重複報名只算一次。",
    ),
    "dg_shops": Definition(
        "陪伴輔導參與店家", "int", "基準月（加入月份）在期間最後一個月以前的店家，依場域計家數。"
    ),
    "dg_reporting": Definition(
        "月回報率",
        "pct",
        "每月：該月有任一數值（使用量、訂單數或淨銷售額）的店家 ÷ 該月以前已加入的店家；期間回報率為各月"
        "分子加總 ÷ 分母加總；尚未到的月份不列。",
    ),
    "dg_growth": Definition(
        "營業額成長店家",
        "int",
        "只計基準月淨銷售額大於 0、且在期間結束前另有一個月回報淨銷售額的店家；以最近一個月與基準月比較，"
        "成長 ≥ 5% 者算成長；沒有基準月資料的店家不列入分母。",
    ),
    "dg_prepost": Definition(
        "能力提升前測／後測",
        "int",
        "後測在期間內送出、且同一人同一測驗也有前測者（各取第一次作答）算配對；得分率＝得分 ÷ 滿分；"
        "⟨g⟩＝（後測平均得分率 − 前測平均得分率）÷（1 − 前測平均得分率）。",
    ),
    "in_results": Definition("補助與獎勵導航", "int", "期間內送出的補助與獎勵導航結果件數。"),
    "in_verdicts": Definition(
        "各計畫判定結果",
        "int",
        "期間內導航結果中，各計畫判定為符合／可能符合／不符合的件數（一件結果對每個計畫各有一個判定）。",
    ),
    "lc_classes": Definition(
        "SBTR 提案類別", "int", "期間內送出的 SBTR 城鄉創生提案（不含草稿），依申請類別計件。"
    ),
    "lc_status": Definition(
        "SBTR 提案：類別 × 狀態",
        "int",
        "期間內送出的提案依類別與目前審查狀態計件；兩期皆為 0 的組合不列。",
    ),
    "ac_served": Definition(
        "服務企業",
        "int",
        "期間內在企業名冊中有任何紀錄（表單、報名、月資料、前後測）的企業，一家跨多項策略只算一次；"
        "新加入＝名冊於期間內首次建立，其餘為曾服務過；已併入他家的紀錄不計。",
    ),
    "ac_size": Definition(
        "服務企業規模",
        "int",
        "依名冊最新資料：員工未滿 5 人為小規模企業；實收資本額 1 億元以下或員工未滿 200 人為中小企業；"
        "兩項皆不符為非中小企業；缺資料而無法判斷為無法認定。",
    ),
    "ac_county": Definition(
        "服務企業縣市", "int", "服務企業依名冊所在縣市計家數（與地圖相同）；兩期皆為 0 的縣市不列。"
    ),
    "ac_channels": Definition(
        "填報管道",
        "int",
        "期間內所有表單（淨零健檢、課程意願、SBTR、導航）依管道計件；離線比率＝展示機離線暫存後送達件數 ÷ 全部件數。",
    ),
    "ac_events": Definition(
        "辦理活動",
        "int",
        "巡迴活動依活動日期計場；說明會依開始時間計場，已取消者不計。",
    ),
}

# Lines whose value is not a count: shown as %, with 2 decimals, or in days.
FORMATS = {
    ("nz_checks", "tonnes"): "dec",
    ("nz_contact", "within_share"): "pct",
    ("nz_contact", "median_days"): "days",
    ("dg_training", "rate"): "pct",
    ("dg_growth", "share"): "pct",
    ("dg_prepost", "pre"): "pct",
    ("dg_prepost", "post"): "pct",
    ("dg_prepost", "g"): "ratio",
    ("ac_channels", "offline_share"): "pct",
}


def line_format(table: str, line: str) -> str:
    """How one line's value is written."""
    return FORMATS.get((table, line), DEFINITIONS[table].fmt)
