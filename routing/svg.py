"""Draw a layout, and optionally a route on it, as a standalone SVG document.

Scale: ``px_per_m`` pixels per metre; y grows upwards on the drawing as in the layout file.
Aisles are pale blue, cross aisles grey, closed segments red, one-way aisles carry an arrow;
the route is a blue line from the green start (S) to the red end (E), stops numbered in
walking order.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from routing.layout import Layout
from routing.router import Route

MARGIN = 30.0


def render(layout: Layout, route: Route | None = None, px_per_m: float = 14.0) -> str:
    """Return the SVG text (UTF-8 string)."""
    xs0, xs1 = layout.x_min, layout.x_max
    ys = [c.y - c.width / 2 for c in layout.cross_aisles] + [a.y_from for a in layout.aisles]
    ye = [c.y + c.width / 2 for c in layout.cross_aisles] + [a.y_to for a in layout.aisles]
    y0, y1 = min(ys), max(ye)
    s = px_per_m
    title = layout.name or "layout"
    if route is not None:
        title += f" — {len(route.stops)} stops, {route.length_m:.1f} m, {route.method}"
    width = max((xs1 - xs0) * s + 2 * MARGIN, 8 * len(title) + 2 * MARGIN)
    height = (y1 - y0) * s + 2 * MARGIN + 24

    def X(x: float) -> float:
        return round(MARGIN + (x - xs0) * s, 2)

    def Y(y: float) -> float:
        return round(MARGIN + 24 + (y1 - y) * s, 2)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    out.append(f'<text x="{MARGIN}" y="18" font-size="14">{escape(title)}</text>')
    for c in layout.cross_aisles:
        h = max(c.width, 0.2) * s
        out.append(
            f'<rect class="cross-aisle" x="{X(xs0)}" y="{Y(c.y) - h / 2:.2f}" '
            f'width="{(xs1 - xs0) * s:.2f}" height="{h:.2f}" fill="#e4e4e4"/>'
        )
    for a in layout.aisles:
        w = max(a.width, 0.2) * s
        out.append(
            f'<rect class="aisle" data-id="{escape(a.id)}" x="{X(a.x) - w / 2:.2f}" '
            f'y="{Y(a.y_to)}" width="{w:.2f}" height="{(a.y_to - a.y_from) * s:.2f}" '
            f'fill="#dde8f6" stroke="#8aa4c8" stroke-width="0.5"/>'
        )
        label = a.id + {"up": " ↑", "down": " ↓"}.get(a.one_way or "", "")
        out.append(
            f'<text x="{X(a.x)}" y="{Y(a.y_from) + 14}" text-anchor="middle" '
            f'fill="#456">{escape(label)}</text>'
        )
    for cl in layout.closed:
        a = layout.aisle_by_id[cl.aisle]
        w = max(a.width, 0.2) * s
        out.append(
            f'<rect class="closed" x="{X(a.x) - w / 2:.2f}" y="{Y(cl.y_to)}" width="{w:.2f}" '
            f'height="{(cl.y_to - cl.y_from) * s:.2f}" fill="#e33" fill-opacity="0.6"/>'
        )
    if len(layout.locations) <= 5000:
        dots = []
        for loc in layout.locations.values():
            a = layout.aisle_by_id[loc.aisle]
            dx = a.width / 2 * s * (-1 if loc.side == "left" else 1)
            dots.append(f"M{X(a.x) + dx:.1f},{Y(loc.y)}h0")
        out.append(
            f'<path class="locations" d="{"".join(dots)}" stroke="#99a" '
            f'stroke-width="2.5" stroke-linecap="round"/>'
        )
    start, end = layout.start, layout.end
    if route is not None:
        start, end = route.start, route.end
        pts = " ".join(f"{X(x)},{Y(y)}" for x, y in route.path)
        out.append(
            f'<polyline class="route" points="{pts}" fill="none" stroke="#1f5fd6" '
            f'stroke-width="2.5" stroke-linejoin="round" stroke-opacity="0.85"/>'
        )
        seen: dict[tuple[float, float], int] = {}
        for i, (x, y) in enumerate(route.positions, start=1):
            if (x, y) in seen:
                continue
            seen[(x, y)] = i
            out.append(
                f'<g class="stop"><circle cx="{X(x)}" cy="{Y(y)}" r="7" fill="#f39c12" '
                f'stroke="white"/><text x="{X(x)}" y="{Y(y) + 3.5}" text-anchor="middle" '
                f'font-size="9" fill="black">{i}</text></g>'
            )
    same = abs(start[0] - end[0]) < 1e-6 and abs(start[1] - end[1]) < 1e-6
    if not same:
        out.append(
            f'<rect class="end" x="{X(end[0]) - 7}" y="{Y(end[1]) - 7}" width="14" '
            f'height="14" fill="#c22"/><text x="{X(end[0])}" y="{Y(end[1]) + 4}" '
            f'text-anchor="middle" fill="white">E</text>'
        )
    out.append(
        f'<circle class="start" cx="{X(start[0])}" cy="{Y(start[1])}" r="8" fill="#2a2"/>'
        f'<text x="{X(start[0])}" y="{Y(start[1]) + 4}" text-anchor="middle" fill="white" '
        f'font-size="{8 if same else 11}">{"S/E" if same else "S"}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
