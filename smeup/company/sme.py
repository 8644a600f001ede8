"""中小企業認定標準 (2020) test as forms.md §1 states it."""

from __future__ import annotations

CAPITAL_LIMIT = 100_000_000  # NT$; at or below this the capital test passes
EMPLOYEE_LIMIT = 200  # regular employees; strictly fewer passes


def _check(name: str, value: int | None) -> None:
    # Negative counts mean a validation bug upstream; answering True for them would hide it.
    if value is not None and value < 0:
        raise ValueError(f"{name} must not be negative: {value}")


def capital_qualifies(paid_in_capital: int | None) -> bool:
    """Return True when the paid-in capital is known and at most NT$100,000,000."""
    _check("paid_in_capital", paid_in_capital)
    return paid_in_capital is not None and paid_in_capital <= CAPITAL_LIMIT


def employees_qualify(employees: int | None) -> bool:
    """Return True when the employee count is known and below 200."""
    _check("employees", employees)
    return employees is not None and employees < EMPLOYEE_LIMIT


def is_sme(paid_in_capital: int | None, employees: int | None) -> bool:
    """Return True when either the capital test or the employee test passes (None = unknown)."""
    return capital_qualifies(paid_in_capital) or employees_qualify(employees)


def _capital_text(paid_in_capital: int | None) -> str:
    if paid_in_capital is None:
        return "未提供實收資本額"
    verdict = "未超過" if capital_qualifies(paid_in_capital) else "超過"
    return f"實收資本額新臺幣 {paid_in_capital:,} 元，{verdict} 1 億元"


def _employees_text(employees: int | None) -> str:
    if employees is None:
        return "未提供員工人數"
    verdict = "未滿" if employees_qualify(employees) else "已達"
    return f"經常僱用員工 {employees:,} 人，{verdict} 200 人"


def sme_reason(paid_in_capital: int | None, employees: int | None) -> str:
    """Return a zh-Hant sentence saying whether and why the company counts as an SME."""
    capital_ok = capital_qualifies(paid_in_capital)
    employees_ok = employees_qualify(employees)
    if capital_ok or employees_ok:
        # Name only the test(s) that passed: that is the reason it qualifies.
        parts = [_capital_text(paid_in_capital)] if capital_ok else []
        parts += [_employees_text(employees)] if employees_ok else []
        return "；".join(parts) + "，符合中小企業認定標準（資本額或員工人數符合一項即可）。"
    reason = f"{_capital_text(paid_in_capital)}；{_employees_text(employees)}"
    if paid_in_capital is None or employees is None:
        # A missing figure might have passed, so this is "cannot tell", not "fails".
        return f"{reason}，無法認定為中小企業。"
    return f"{reason}，不符合中小企業認定標準。"
