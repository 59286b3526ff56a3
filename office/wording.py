"""Values for people in one language: recorded codes in words, numbers with the
language's decimal mark, days as the language writes them, and phrases.

JSON and CSV keep the stored codes and points; only what people read goes through
here. The words come from the catalogs' [terms.*], [phrases], [headers] and
[titles]; a code the catalog does not know is shown as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua.domain.phrase import Bilingual, Day, Listing, Number, Phrase, Term, Value

from .i18n import Lang, catalog, terms

if TYPE_CHECKING:
    from collections.abc import Sequence

FORMATS = frozenset({"number", "day", "moment", "yes_no", "title", "threshold"})
# The read models' threshold text: rule, fraction, "of", denominator.
THRESHOLD = re.compile(r"^(?P<rule>[a-z-]+) (?P<share>\S+) of (?P<base>[a-z]+)$")


class Wording:
    """How one language says the values of a table, a receipt or a report. A bloc
    of kind `cum` (cụm thi đua) names itself and its leads as a cluster does."""

    def __init__(self, lang: Lang, *, bloc_kind: str = "khoi") -> None:
        self.lang = lang
        self.cluster = bloc_kind == "cum"

    # codes ------------------------------------------------------------------------

    def term(self, kind: str, code: object) -> str:
        """A recorded code in words; unknown codes (and None) as they are."""
        if code is None or code == "":
            return ""
        text = str(code)
        if self.cluster and (found := terms(self.lang, f"{kind}_cum").get(text)):
            return found
        return terms(self.lang, kind).get(text, text)

    def yes_no(self, value: object) -> str:
        if value is None:
            return ""
        return self.term("word", "yes" if value else "no")

    def header(self, text: str, section: str = "headers") -> str:
        """A header or title, looked up by its English text (as gettext does)."""
        if self.cluster and (found := catalog(self.lang, f"{section}_cum").get(text)):
            return found
        if self.lang == "en":
            return text
        return catalog(self.lang, section).get(text, text)

    # numbers and days -------------------------------------------------------------

    def number(self, value: object) -> str:
        """Points as the language writes them: 96.5 in English, 96,5 in Vietnamese;
        trailing zeros dropped, so one total reads the same in every table."""
        if value is None or value == "":
            return ""
        text = str(value)
        if isinstance(value, float):
            text = str(Decimal(repr(value)))
        if re.fullmatch(r"-?\d+\.\d+", text):
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", catalog(self.lang, "document")["decimal_mark"])

    def day(self, value: object) -> str:
        """A day: 25/01/2021 in Vietnamese, 2021-01-25 in English."""
        if value is None or value == "":
            return ""
        found = value if isinstance(value, date) else _day(str(value))
        if found is None:
            return str(value)
        return found.strftime(catalog(self.lang, "formats")["day"])

    def moment(self, value: object) -> str:
        """A stored time (UTC) to the second: `25/01/2021 08:01:02` in Vietnamese."""
        if value is None or value == "":
            return ""
        try:
            found = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
        return found.strftime(catalog(self.lang, "formats")["moment"])

    def threshold(self, text: str) -> str:
        """The read models' `more-than 1/2 of eligible`, in words."""
        found = THRESHOLD.match(text or "")
        if found is None:
            return text or ""
        return catalog(self.lang, "formats")["threshold"].format(
            rule=self.term("threshold_rule", found["rule"]),
            share=self.number(found["share"]),
            base=self.term("denominator", found["base"]),
        )

    def title(self, text: str) -> str:
        """A rulebook title stored as `English (Vietnamese)`: its Vietnamese part
        in Vietnamese, the whole in English."""
        if self.lang == "en" or not text.endswith(")"):
            return text
        depth = 0
        for at in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[at], 0)
            if depth == 0:
                return text[at + 1 : -1] if at > 0 else text
        return text

    # phrases ----------------------------------------------------------------------

    def say(self, said: Value) -> str:
        """A phrase (or any value of one) in this language."""
        if isinstance(said, Phrase):
            template = self._template(said.template)
            return template.format(**{k: self.say(v) for k, v in said.fields.items()})
        if isinstance(said, Listing):
            if not said.items and said.empty is not None:
                return self.say(said.empty)
            return said.separator.join(self.say(item) for item in said.items)
        return self._value(said)

    def _value(self, said: Value) -> str:
        if isinstance(said, Term):
            return self.term(said.kind, said.code)
        if isinstance(said, Number):
            return self.number(said.text)
        if isinstance(said, Day):
            return self.day(said.iso)
        if isinstance(said, Bilingual):
            return said.vi if self.lang == "vi" else said.english()
        return str(said)

    def _template(self, english: str) -> str:
        """A phrase's template in this language: a cluster's own, the phrase
        catalog's, or a refusal's (a digest that fails says why); else English."""
        if self.lang == "en":
            return english
        for section in ("phrases_cum" if self.cluster else "", "phrases", "refusals"):
            if section and (found := catalog(self.lang, section).get(english)):
                return found
        return english

    def cells(
        self, rows: Sequence[dict[str, Any]], **kinds: str
    ) -> list[dict[str, Any]]:
        """Rows for a people's table: each named column said as its kind
        (`number`, `day`, `moment`, `yes_no`, `title`, `threshold`, or a term kind)."""
        said = [dict(row) for row in rows]
        for row in said:
            for key, kind in kinds.items():
                if key in row:
                    row[key] = (
                        getattr(self, kind)(row[key])
                        if kind in FORMATS
                        else self.term(kind, row[key])
                    )
        return said


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
