"""Charts drawn on the server as inline SVG: no script, no download, readable on a
phone (they scale to the width of the page), every label escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 640
ROW = 26
LEFT = 150
COLOURS = ("#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d")


def _svg(height: int, title: str, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def totals_chart(
    title: str, totals: Sequence[tuple[str, Decimal]], mean_label: str
) -> Markup:
    """One bar per unit's total, and the bloc's mean as a line across them."""
    if not totals:
        return Markup("")
    top = max(points for _, points in totals) or Decimal(1)
    mean = sum((points for _, points in totals), Decimal(0)) / len(totals)
    span = WIDTH - LEFT - 60
    parts = []
    for row, (label, points) in enumerate(totals):
        y = 10 + row * ROW
        length = float(points / top) * span
        end = LEFT + length + 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{LEFT}" y="{y + 3}" width="{length:.1f}" height="16"'
            f' fill="{COLOURS[0]}"/>'
            f'<text x="{end:.1f}" y="{y + 15}">{escape(str(points))}</text>'
        )
    x = LEFT + float(mean / top) * span
    height = 30 + len(totals) * ROW
    parts.append(
        f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 14}"'
        f' stroke="#333" stroke-dasharray="4 3"/>'
        f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle">'
        f"{escape(mean_label)} {mean:.1f}</text>"
    )
    return _svg(height, title, "".join(parts))


def years_chart(
    title: str,
    series: Mapping[str, Mapping[int, Decimal]],
    mean_label: str,
) -> Markup:
    """Each unit's total over the years (a line each), against the bloc's mean
    (dashed)."""
    years = sorted({year for points in series.values() for year in points})
    if not years:
        return Markup("")
    values = [p for points in series.values() for p in points.values()]
    low, high = min(values), max(values)
    low, high = (low - 1, high + 1) if low == high else (low, high)
    height, bottom, right = 260, 220, WIDTH - 150
    step = (right - 60) / max(1, len(years) - 1)

    def x(year: int) -> float:
        return 60 + years.index(year) * step if len(years) > 1 else (60 + right) / 2

    def y(points: Decimal) -> float:
        return bottom - float((points - low) / (high - low)) * (bottom - 20)

    parts = [
        f'<text x="{x(year):.1f}" y="{bottom + 20}" text-anchor="middle">{year}</text>'
        for year in years
    ]
    parts += [
        f'<text x="54" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>'
        for v in (low, high)
    ]
    means: dict[int, Decimal] = {
        year: sum(ps, Decimal(0)) / len(ps)
        for year in years
        if (ps := [p[year] for p in series.values() if year in p])
    }
    lines: list[tuple[str, Mapping[int, Decimal], str, str]] = [
        (mean_label, means, "#333", ' stroke-dasharray="4 3"')
    ]
    lines += [
        (unit, points, COLOURS[n % len(COLOURS)], "")
        for n, (unit, points) in enumerate(series.items())
    ]
    for n, (label, points, colour, dash) in enumerate(lines):
        if not points:
            continue
        dots = " ".join(f"{x(yr):.1f},{y(p):.1f}" for yr, p in sorted(points.items()))
        parts.append(
            f'<polyline points="{dots}" fill="none" stroke="{colour}"'
            f' stroke-width="2"{dash}/>'
        )
        parts += [
            f'<circle cx="{x(yr):.1f}" cy="{y(p):.1f}" r="3" fill="{colour}"/>'
            for yr, p in points.items()
        ]
        parts.append(
            f'<text x="{right + 10}" y="{20 + n * 16}" fill="{colour}">'
            f"{escape(label)}</text>"
        )
    return _svg(height, title, "".join(parts))


def spread_chart(
    title: str, spread: Sequence[tuple[str, Decimal, Sequence[Decimal]]]
) -> Markup:
    """Per criterion: its range 0 to its maximum, and a dot for each unit's points,
    with the lowest and highest marked."""
    if not spread:
        return Markup("")
    span = WIDTH - LEFT - 60
    parts = []
    for row, (label, maximum, points) in enumerate(spread):
        y = 14 + row * ROW
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{escape(label)}</text>'
            f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + span}" y2="{y}" stroke="#ccc"/>'
            f'<text x="{LEFT + span + 4}" y="{y + 4}">{escape(str(maximum))}</text>'
        )
        if not points:
            continue

        def at(value: Decimal, maximum: Decimal = maximum) -> float:
            return LEFT + float(value / maximum) * span

        low, high = min(points), max(points)
        parts.append(
            f'<line x1="{at(low):.1f}" y1="{y}" x2="{at(high):.1f}" y2="{y}"'
            f' stroke="{COLOURS[0]}" stroke-width="6" stroke-opacity="0.35"/>'
        )
        parts += [
            f'<circle cx="{at(p):.1f}" cy="{y}" r="4" fill="{COLOURS[0]}"'
            f' fill-opacity="0.6"/>'
            for p in points
        ]
    return _svg(20 + len(spread) * ROW, title, "".join(parts))
