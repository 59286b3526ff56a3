"""Reading forms, and saying a refusal in one line beside the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from thidua.office.i18n import Lang, catalog, input_error_text, refusal_text

if TYPE_CHECKING:
    from .site import Visit

MAX_FIELDS = 200
MAX_FIELD_BYTES = 64 * 1024
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


async def read_form(request: Request) -> dict[str, str]:
    """The form's text fields (files are read by `read_upload`)."""
    form = await request.form(
        max_files=0, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES
    )
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


async def read_upload(request: Request, name: str) -> tuple[dict[str, str], bytes]:
    """The text fields and one uploaded file's bytes."""
    form = await request.form(
        max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_UPLOAD_BYTES
    )
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    found = form.get(name)
    data = await found.read() if isinstance(found, UploadFile) else b""
    return fields, data


def refuse_token(seen: Visit) -> Response:
    """A form sent without this browser's token: refused, nothing read further."""
    line = seen.texts["csrf_refused"]
    return seen.render("error.html", status=403, line=line)


@dataclass(frozen=True)
class Refusal:
    """A refused command in one line: the rule, what it says, and the field."""

    rule: str
    line: str
    field: str | None

    @property
    def status(self) -> int:
        return 400 if self.rule == "input" else 409


def rule_line(rule: str, message: str, lang: Lang) -> str:
    """`rule (its name): message`, as the command line prints it."""
    named = catalog(lang, "rules").get(rule)
    return f"{rule} ({named}): {message}" if named else f"{rule}: {message}"


def refusal(error: Exception, lang: Lang, fields: tuple[str, ...] = ()) -> Refusal:
    """A domain refusal or an input error, said in the language; the field it
    names, if it names one of `fields`."""
    from pydantic import ValidationError

    from thidua.domain.errors import ThiduaError

    if isinstance(error, ValidationError):
        first: Any = error.errors()[0]
        where = [str(part) for part in first["loc"]]
        field = next((part for part in reversed(where) if part in fields), None)
        said = input_error_text(first, lang)
        return Refusal("input", rule_line("input", said, lang), field)
    if isinstance(error, ThiduaError):
        params = error.params
        named = [str(params.get(key, "")) for key in ("code", "criterion", "field")]
        field = next((name for name in named if name in fields), None)
        said = refusal_text(error, lang)
        return Refusal(error.rule, rule_line(error.rule, said, lang), field)
    raise error


def input_refusal(field: str, key: str, seen: Visit, **values: object) -> Refusal:
    """A value the page could not read as what the field asks for."""
    said = seen.texts(key, **values)
    return Refusal("input", rule_line("input", said, seen.lang), field)
