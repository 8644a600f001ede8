"""The 淨零健檢 form (forms.md §2): company block, energy use, and the 是/否 questions."""

from decimal import Decimal

from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from ..forms.company import company_block
from ..forms.fields import NumberSelectField, YesNoField, ZhDecimalField, ZhSelectField
from ..forms.question_fields import MustAnswer
from ..forms.registry import register_form
from ..forms.validators import Required
from .emissions import energy_keys, has_any_energy
from .factors import latest_year, selectable_years

NO_ENERGY = "請至少填寫一項能源用量"
NEGATIVE_ENERGY = "用量不可為負數；沒有使用請留空或填 0"
MAX_QUANTITY = 10_000_000_000
SUPPLY_CHAIN_CHOICES = (
    SelectChoice("", "請選擇"),
    SelectChoice("none", "沒有"),
    SelectChoice("requested", "有要求，尚無期限"),
    SelectChoice("deadline", "有要求且有期限"),
)
YES_NO_FIELDS = (
    "cbam_export",
    "listed_company",
    "supplier_to_listed",
    "has_inventory",
    "has_target",
)
_CENT = Decimal("0.01")


class EnergyAmount:
    """An energy quantity: empty is 0, otherwise 0 to MAX_QUANTITY in the field's unit."""

    def __init__(self, unit: str):
        self.unit = unit

    def __call__(self, form, field):
        if field.data is None:
            return
        if field.data < 0:
            raise ValidationError(NEGATIVE_ENERGY)
        if field.data > MAX_QUANTITY:
            raise ValidationError(f"用量不可大於 {MAX_QUANTITY:,} {self.unit}，請核對單位與位數")


def _energy(label: str, unit: str, help_text: str = "") -> ZhDecimalField:
    # A text input (not type=number) so "1,000" or a mistyped value is shown back as typed.
    return ZhDecimalField(
        label,
        validators=[EnergyAmount(unit)],
        negative_message=NEGATIVE_ENERGY,
        widget=TextInput(),
        description=help_text,
        render_kw={"inputmode": "decimal", "autocomplete": "off", "data-unit": unit},
    )


def _yes_no(label: str, help_text: str = "") -> YesNoField:
    return YesNoField(label, validators=[MustAnswer()], description=help_text)


@register_form("netzero")
class NetzeroForm(
    company_block(ubn_required=True, employees_required=True, capital_required=False)
):
    """淨零健檢: the energy used in one data year and where the company stands."""

    data_year = NumberSelectField(
        "資料年度",
        choices=[SelectChoice(str(year), f"{year} 年") for year in reversed(selectable_years())],
        default=str(latest_year()),
        validators=[Required("請選擇資料年度")],
        description="下列能源用量所屬的年度",
        # Always answered (it has a default and no empty option), so no HTML `required`.
        render_kw={"required": False},
    )
    electricity_kwh = _energy(
        "年用電量", "度（kWh）", "一整年的合計，可加總 12 個月電費單上的用電度數"
    )
    natural_gas_m3 = _energy("天然氣用量", "立方公尺（m³）")
    lpg_kg = _energy("液化石油氣用量", "公斤", "桶裝瓦斯一桶約 20 公斤")
    diesel_l = _energy("柴油用量", "公升")
    gasoline_l = _energy("汽油用量", "公升")
    fuel_oil_l = _energy("燃料油用量", "公升")

    cbam_export = _yes_no("是否出口 CBAM 產品至歐盟", "CBAM 產品：鋼鐵、鋁、水泥、肥料、氫、電力")
    supply_chain_request = ZhSelectField(
        "客戶是否要求提供碳排資料或減碳目標",
        choices=SUPPLY_CHAIN_CHOICES,
        validators=[Required("請選擇客戶是否要求提供碳排資料或減碳目標")],
    )
    listed_company = _yes_no("是否為上市櫃公司或其子公司")
    supplier_to_listed = _yes_no("是否為上市櫃公司之供應商")
    has_inventory = _yes_no("是否已完成溫室氣體盤查", "如 ISO 14064-1")
    has_target = _yes_no("是否已訂定減碳目標")

    energy_error: str | None = None

    def energy_fields(self) -> list:
        """The energy quantity fields in page order."""
        return [self[name] for name in energy_keys()]

    def validate(self, extra_validators=None) -> bool:
        """Every field, then: at least one energy quantity above 0."""
        valid = super().validate(extra_validators)
        self.energy_error = None
        energy = self.energy_fields()
        # Only when each energy field is itself fine: "fill one in" next to a typo misleads.
        if not any(f.errors for f in energy) and not has_any_energy(
            {f.name: f.data for f in energy}
        ):
            self.energy_error = NO_ENERGY
            return False
        return valid

    def netzero_data(self) -> dict:
        """The cleaned answers: company block, data year, energy (empty = 0) and 是/否 answers."""
        data = self.company_data()
        data["data_year"] = int(self.data_year.data)
        for f in self.energy_fields():
            data[f.name] = (f.data or Decimal(0)).quantize(_CENT)
        for name in YES_NO_FIELDS:
            data[name] = self[name].data
        data["supply_chain_request"] = self.supply_chain_request.data
        return data
