"""Charts of the console drawn on the server as SVG: no script, so the console's strict CSP stays as it is.

Each chart is a ``<figure>`` whose picture is ``aria-hidden`` next to a table of the same numbers, which is what a
screen reader reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.web.pages import esc

WIDTH, HEIGHT, PAD = 320, 120, 22


def line_chart(chart_id: str, title: str, points: Sequence[tuple[str, float | None]],
               shown: Callable[[float | None], str], *, top: float | None = None) -> str:  # fmt: skip
    """A line of ``points`` (label, value; None leaves a gap) with a table of the same, under ``title``.

    ``top`` is the highest value of the scale (1 for a share); else the highest point.
    """
    values = [v for _, v in points if v is not None]
    high = top if top is not None else max(values, default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return PAD + index * step, HEIGHT - PAD - (value / high) * (HEIGHT - 2 * PAD)

    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, (label, value) in enumerate(points):
        if value is None:
            segments.append([])
            continue
        x, y = xy(index, value)
        segments[-1].append((x, y))
        tip = f"<title>{esc(label)}: {esc(shown(value))}</title>"
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3">{tip}</circle>')
    lines = "".join(
        f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in segment)}"/>' for segment in segments if segment
    )
    first, last = (points[0][0], points[-1][0]) if points else ("", "")
    axis = (f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
            f'<text x="{PAD}" y="{HEIGHT - 6}">{esc(first)}</text>'
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" text-anchor="end">{esc(last)}</text>'
            f'<text x="2" y="{PAD - 8}">{esc(shown(high))}</text>')  # fmt: skip
    rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{esc(shown(value))}</td></tr>' for label, value in points)
    return f"""<figure class="chart card" id="{esc(chart_id)}"><figcaption>{esc(title)}</figcaption>
<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="line" aria-hidden="true" focusable="false">{axis}{lines}{dots}</svg>
<table class="chart-data"><caption>{esc(title)}, week by week</caption><thead><tr><th scope="col">Week of</th>
<th scope="col">Value</th></tr></thead><tbody>{rows}</tbody></table></figure>"""


def heat_map(
    table_id: str,
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    grid: Sequence[Sequence[int]],
    link: Callable[[int, int], str] | None = None,
) -> str:
    """A table whose cells are shaded by their count (six shades; the count is always written in the cell).

    ``link(row, column)`` is where a count leads (the records behind it), if anywhere.
    """
    high = max((n for row in grid for n in row), default=0)

    def shade(count: int) -> int:
        return 0 if not count or not high else 1 + round(4 * count / high)

    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = "".join(
        f'<tr><th scope="row">{esc(name)}</th>'
        + "".join(
            f'<td class="heat-{shade(n)}">'
            + (f'<a href="{esc(link(index, column))}">{n}</a>' if link is not None and n else str(n))
            + "</td>"
            for column, n in enumerate(grid[index])
        )
        + "</tr>"
        for index, name in enumerate(rows)
    )
    return f"""<div class="card heat"><table id="{esc(table_id)}" class="heat-map"><caption>{esc(title)}</caption>
<thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table></div>"""
