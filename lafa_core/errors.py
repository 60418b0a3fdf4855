"""Domain errors a page can show in the user's language.

The exception's message stays an English sentence (command line, logs); `key` names the
translated sentence in lafa_core.i18n and `values` fill it. Capability errors mix this in
next to their ValueError/RuntimeError base.
"""
from __future__ import annotations


class LocalizedError(Exception):
    def __init__(self, message: str, *, key: str | None = None, **values):
        super().__init__(message)
        self.key = key
        self.values = values


def error_text(error: BaseException, lang: str) -> str:
    """The error in `lang` when it has a translated sentence, else its own message."""
    from lafa_core.i18n import CATALOG, t

    key = getattr(error, "key", None)
    if key and key in CATALOG:
        return t(key, lang, **getattr(error, "values", {}))
    return str(error)
