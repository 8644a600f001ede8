"""Forms that inline validation can re-check one field of, by key."""

_FORMS: dict[str, type] = {}


def register_form(key: str):
    """Class decorator: make the form reachable by inline validation under `key`."""

    def decorate(cls):
        cls.form_key = key
        _FORMS[key] = cls
        return cls

    return decorate


def form_class(key: str) -> type | None:
    """The registered form class for `key`, or None."""
    return _FORMS.get(key)
