"""Officer forms: a site, a shop (digital.md "Sites and shops"), and a reopening's reason."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..company.reference import COUNTIES
from ..forms.fields import CountyField, PhoneField, YesNoField, ZhIntegerField, ZhSelectField
from ..forms.validators import Between, MaxLength, Required, strip, valid_phone, valid_ubn
from ..reference.digital import SHOP_STATUSES, TOOL_CATEGORIES, USAGE_UNITS
from .months import MonthError, parse_month


class SiteForm(FlaskForm):
    """A site: name, county, active."""

    name = StringField(
        "場域名稱",
        filters=[strip],
        validators=[Required("請填寫場域名稱"), MaxLength(50, "場域名稱")],
    )
    county = CountyField(
        "所在縣市",
        choices=[SelectChoice("", "請選擇縣市")] + [SelectChoice(c) for c in COUNTIES],
        validators=[Required("請選擇場域所在縣市")],
    )
    active = YesNoField("使用中", description="停用的場域不再出現在新增店家與問卷的選單")


class MonthField(StringField):
    """A month typed as 2026-05, 2026/5, 115/05 or 2026年5月, kept as YYYY-MM."""

    def pre_validate(self, form):
        if not self.data:
            return
        try:
            self.data = parse_month(self.data)
        except MonthError as exc:
            raise ValidationError(str(exc)) from exc


class ShopForm(FlaskForm):
    """A shop in the programme; site and counsellor choices are set by the view."""

    site_id = ZhSelectField("場域", coerce=str, validators=[Required("請選擇場域")])
    name = StringField(
        "店家名稱",
        filters=[strip],
        validators=[Required("請填寫店家名稱"), MaxLength(100, "店家名稱")],
    )
    ubn = StringField(
        "統一編號",
        filters=[strip],
        validators=[valid_ubn],
        render_kw={"inputmode": "numeric", "maxlength": 8, "autocomplete": "off"},
        description="8 位數字（選填）：有統編的店家會連到企業資料",
    )
    phone = PhoneField(
        "店家電話",
        filters=[strip],
        validators=[valid_phone],
        render_kw={"type": "tel", "autocomplete": "off"},
        description="沒有統一編號的店家，以店名與電話辨識",
    )
    employees = ZhIntegerField(
        "員工人數",
        validators=[Between(0, 1_000_000, " 人")],
        render_kw={"inputmode": "numeric", "data-unit": "人"},
        description="本計畫對象為 9 人以下；超過仍可登錄，但會標示提醒",
    )
    tool_category = ZhSelectField(
        "雲端工具類別",
        choices=[SelectChoice("", "請選擇類別")]
        + [SelectChoice(k, v) for k, v in TOOL_CATEGORIES.items()],
        validators=[Required("請選擇雲端工具類別")],
    )
    vendor = StringField("工具廠商", filters=[strip], validators=[MaxLength(100, "工具廠商")])
    usage_unit = StringField(
        "使用量單位",
        filters=[strip],
        validators=[Required("請填寫使用量單位"), MaxLength(20, "使用量單位")],
        description="「使用量」算的是什麼，例如：" + "、".join(USAGE_UNITS),
        render_kw={"list": "usage-units"},
    )
    enrolled_month = MonthField(
        "加入月份（基準月）",
        filters=[strip],
        validators=[Required("請填寫加入月份，例如 2026-05")],
        description="例如 2026-05 或 115/05；趨勢的指數以這個月為 100",
    )
    counsellor_id = ZhSelectField(
        "輔導顧問", coerce=str, description="指派後，該帳號可在平板登錄此店"
    )
    status = ZhSelectField(
        "輔導狀態",
        choices=[SelectChoice(k, v) for k, v in SHOP_STATUSES.items()],
        validators=[Required("請選擇輔導狀態")],
    )


class ReopenForm(FlaskForm):
    """Why a locked month is reopened."""

    reason = TextAreaField(
        "重新開放的原因",
        filters=[strip],
        validators=[Required("請填寫重新開放的原因"), MaxLength(200, "原因")],
    )
