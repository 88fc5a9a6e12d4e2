"""Charts drawn on the server as accessible SVG (no JavaScript, no inline styles).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``; bars carry
their numbers as text, and pages show the same numbers in a table next to the chart,
so colour is never the only signal. Colours are SVG presentation attributes (allowed
by the Content-Security-Policy, and rendered by WeasyPrint in the PDF).
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from tracker.recommendations.statuses import STATUS_BY_CODE, STATUS_CODES

WIDTH = 760
LABEL_WIDTH = 270
VALUE_WIDTH = 56
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW_HEIGHT = 24
ROW_GAP = 8
LABEL_CHARS = 30
TEXT_COLOUR = "#1f2933"
SERIES_COLOURS = ("#9aa5b1", "#0b5cad")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _open_svg(chart_id: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def _label(y: float, label: str) -> str:
    return (f'<text x="{LABEL_WIDTH - 8}" y="{y}" text-anchor="end" dominant-baseline="middle" fill="{TEXT_COLOUR}">'
            f'<title>{escape(label)}</title>{escape(_short(label))}</text>')


def stacked_chart(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, dict[str, int]]],
                  status_labels: dict[str, str]) -> Markup:
    """One horizontal bar per row, split into status segments; the row total at its end.

    ``rows`` are (label, counts by status code); all bars share one scale so rows compare.
    ``status_labels`` are the (translated) status names used in each segment's tooltip.
    """
    longest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    height = max(1, len(rows)) * (ROW_HEIGHT + ROW_GAP) + ROW_GAP
    parts = _open_svg(chart_id, title, desc, height)
    for index, (label, counts) in enumerate(rows):
        top = ROW_GAP + index * (ROW_HEIGHT + ROW_GAP)
        middle = top + ROW_HEIGHT / 2
        parts.append(_label(middle, label))
        x = float(LABEL_WIDTH)
        for code in STATUS_CODES:
            count = counts.get(code, 0)
            if not count:
                continue
            width = BAR_AREA * count / longest
            parts.append(
                f'<rect x="{x:.1f}" y="{top}" width="{width:.1f}" height="{ROW_HEIGHT}" '
                f'fill="{STATUS_BY_CODE[code].colour}" stroke="#52606d" stroke-width="0.5">'
                f'<title>{escape(label)}: {escape(status_labels[code])} {count}</title></rect>')
            if width >= 9 * len(str(count)) + 6:
                parts.append(f'<text x="{x + width / 2:.1f}" y="{middle}" text-anchor="middle" '
                             f'dominant-baseline="middle" fill="#111827" aria-hidden="true">{count}</text>')
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{middle}" dominant-baseline="middle" font-weight="bold" '
                     f'fill="{TEXT_COLOUR}">{sum(counts.values())}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def grouped_chart(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Sequence[int]]],
                  series: Sequence[str]) -> Markup:
    """Horizontal bars, one per series within each row (e.g. start and end of a period),
    each with its value written after it and a legend naming the series."""
    longest = max((max(values, default=0) for _, values in rows), default=0) or 1
    bar = ROW_HEIGHT * 0.6
    group = bar * len(series) + ROW_GAP
    legend_height = 26
    height = legend_height + max(1, len(rows)) * group + ROW_GAP
    parts = _open_svg(chart_id, title, desc, int(height))
    legend_x = float(LABEL_WIDTH)
    for index, name in enumerate(series):
        parts.append(f'<rect x="{legend_x:.0f}" y="6" width="14" height="14" fill="{SERIES_COLOURS[index % 2]}"/>'
                     f'<text x="{legend_x + 20:.0f}" y="13" dominant-baseline="middle" fill="{TEXT_COLOUR}">{escape(name)}</text>')
        legend_x += 40 + 8 * len(name)
    for index, (label, values) in enumerate(rows):
        top = legend_height + index * group
        parts.append(_label(top + bar * len(series) / 2, label))
        for position, value in enumerate(values):
            y = top + position * bar
            width = BAR_AREA * value / longest
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y:.1f}" width="{max(width, 1):.1f}" height="{bar - 2:.1f}" '
                         f'fill="{SERIES_COLOURS[position % 2]}"><title>{escape(label)}: '
                         f'{escape(series[position])} {value}</title></rect>')
            parts.append(f'<text x="{LABEL_WIDTH + width + 5:.1f}" y="{y + (bar - 2) / 2:.1f}" '
                         f'dominant-baseline="middle" font-size="11" fill="{TEXT_COLOUR}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
