"""The minutes carry their cycle's full digest as a QR code beside the short one: read
back off the PDF page (by zbar where it is installed, and module by module against
segno's encoding always), it is what `audit verify --digest` accepts."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from stores import demo_store

from thidua.cli import main
from thidua.domain.auditor.audit import Auditor
from thidua.office.qr import BORDER, qr_modules, qr_svg
from thidua.store import build_app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_store("sqlite", tmp_path_factory.mktemp("seal")) as url:
        yield url


def thidua(url: str, *args: str) -> Result:
    return CliRunner(env={"THIDUA_DB": url}).invoke(main, list(args))


@pytest.fixture(scope="module")
def full_digest(demo: str) -> str:
    with build_app(demo) as app:
        (sealed,) = [
            s for s in Auditor(app).digests("TMTH", 2020) if s.subject == "TMTH/2020"
        ]
    digest = sealed.digest
    return f"{digest.subject}@{digest.at}:{digest.hash}"


@pytest.fixture(scope="module")
def printed(demo: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    result = thidua(
        demo, "minutes", "TMTH/2020",
        "--html", str(folder / "m.html"), "--pdf", str(folder / "m.pdf"),
        "--chair", "Nguyễn Văn Hùng", "--secretary", "Đỗ Thị Mai",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


def seal_image(page: Any) -> Any:
    """The page's one QR image, as a picture."""
    (image,) = page.images
    return image.image


def modules_of(picture: Any) -> list[list[bool]]:
    """The dark and light modules of a QR picture, its quiet zone left out: the
    top-left finder pattern's first row is seven dark modules, which gives their
    size."""
    grey = picture.convert("L")

    def dark(x: int, y: int) -> bool:
        return bool(grey.getpixel((x, y)) < 128)

    # Down the diagonal, the first dark pixel is the finder's corner.
    corner = next(i for i in range(grey.width) if dark(i, i))
    run = next(x for x in range(corner, grey.width) if not dark(x, corner)) - corner
    side = run // 7
    count = grey.width // side - 2 * BORDER
    centre = BORDER * side + side // 2
    return [
        [dark(centre + x * side, centre + y * side) for x in range(count)]
        for y in range(count)
    ]


def test_every_page_of_the_pdf_carries_the_full_digest_as_a_qr_code(
    printed: Path, full_digest: str
) -> None:
    pages = PdfReader(printed / "m.pdf").pages

    for page in pages:
        assert modules_of(seal_image(page)) == qr_modules(full_digest)
        assert full_digest[: full_digest.index(":") + 17] in page.extract_text()


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbar-tools")
def test_the_qr_code_scans_to_a_digest_audit_verify_accepts(
    demo: str, printed: Path, full_digest: str, tmp_path: Path
) -> None:
    picture = seal_image(PdfReader(printed / "m.pdf").pages[0])
    picture.save(tmp_path / "seal.png")

    scanned = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "seal.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert scanned == full_digest
    verified = thidua(demo, "audit", "verify", "--digest", scanned)
    assert verified.exit_code == 0, verified.output


def test_the_html_carries_the_same_qr_code_beside_the_short_digest(
    printed: Path, full_digest: str
) -> None:
    html = (printed / "m.html").read_text("utf-8")

    assert qr_svg(full_digest) in html
    assert f'title="{full_digest}"' in html
