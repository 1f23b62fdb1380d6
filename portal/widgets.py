"""GOV.UK form widgets, adjusted where govuk-frontend-wtf falls short for a bilingual service."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from govuk_frontend_wtf.wtforms_widgets import GovDateInput as _GovDateInput


class GovDateInput(_GovDateInput):
    """The GOV.UK date input, with its Day, Month and Year labels in the visitor's language.

    govuk-frontend-wtf writes those three labels in English whatever the language; a Welsh page must not.
    """

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        labels = {"Day": gettext("Day"), "Month": gettext("Month"), "Year": gettext("Year")}
        for item in params.get("items") or []:
            if item.get("label") in labels:
                item["label"] = labels[item["label"]]
        return params
