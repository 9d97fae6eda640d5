"""A country brief as a one-page PDF (A4 or Letter) and as a PNG for slides. No Streamlit.

The PDF is laid out with ReportLab: a pure-Python wheel with no system
libraries to install (WeasyPrint needs Pango and Cairo from the operating
system), and its KeepInFrame shrinks the content to fit, so a brief is one
page whatever the country. Text is set in DejaVu Sans (shipped with
matplotlib) so every language's letters are embedded. The map is drawn here
with matplotlib from the layers themselves (the web map needs a browser);
map and charts are embedded as 220 dpi images. The PNG is the PDF's page
rendered with PDFium.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from xml.sax.saxutils import escape

import geopandas as gpd
import matplotlib
import shapely

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4, LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import Image, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from analysis.country import Brief, Sourced, figure_line, membership_text, source_list, sourced_line  # noqa: E402
from i18n import _, format_number  # noqa: E402
from mapping.elements import disclaimer  # noqa: E402
from mapping import styles  # noqa: E402

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
DPI = 220
FONT, BOLD = "CorredorSans", "CorredorSans-Bold"
DEAD_COLOUR, MISSING_COLOUR = "#D55E00", "#56B4E9"
TEXT = "#222222"
MARGIN = 12 * mm


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _png(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return out.getvalue()


# --- the pictures --------------------------------------------------------------


def _within(frame: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The features inside the map's frame, cut to it (less to draw: the printed map is framed on the country)."""
    minx, miny, maxx, maxy = bounds
    inside = frame.cx[minx:maxx, miny:maxy]
    if inside.empty or inside.geom_type.iloc[0] == "Point":
        return inside
    cut = shapely.clip_by_rect(inside.geometry.values, minx, miny, maxx, maxy)
    return inside.set_geometry(gpd.GeoSeries(cut, index=inside.index, crs=inside.crs))[~shapely.is_empty(cut)]


def map_png(brief: Brief, layers: dict[str, pd.DataFrame], width_in: float = 3.6, height_in: float = 3.0) -> bytes:
    """A static map framed on the country's data: borders, routes, disaster zones, incidents and (public) shelters."""
    minx, miny, maxx, maxy = brief.bounds
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    ax.set_facecolor("#dbe9f4")  # sea
    countries = _within(layers["countries"], brief.bounds)
    countries.plot(ax=ax, color=styles.COUNTRY_FILL, edgecolor=styles.COUNTRY_BORDER, linewidth=0.4)
    countries[countries["iso3"] == brief.iso3].plot(ax=ax, color=styles.COUNTRY_SELECTED_FILL, edgecolor=styles.COUNTRY_SELECTED_BORDER, linewidth=1.0)
    handles = []
    zones = _within(layers["displacement_zones"], brief.bounds)
    here = zones[[brief.iso3 in str(v).split(";") for v in zones["countries"]]]
    if len(here):
        here.plot(ax=ax, color=styles.HAZARD_COLOURS["Weather related"], alpha=0.25, edgecolor=styles.HAZARD_COLOURS["Weather related"], linewidth=0.5)
        handles.append(plt.Rectangle((0, 0), 1, 1, color=styles.HAZARD_COLOURS["Weather related"], alpha=0.35, label=_("Disaster zones")))
    routes = _within(layers["routes"], brief.bounds)
    if len(routes):
        routes.plot(ax=ax, color=[styles.MODE_COLOURS.get(m, "#555555") for m in routes["mode"]], linewidth=1.4)
        handles.append(plt.Line2D([], [], color=styles.MODE_COLOURS["foot"], linewidth=1.4, label=_("Migration routes")))
    incidents = _within(layers["incidents"], brief.bounds)
    if len(incidents):
        incidents.plot(ax=ax, color=styles.INCIDENT_FILL, edgecolor=styles.INCIDENT_STROKE, markersize=9, linewidth=0.3, alpha=0.8)
        handles.append(plt.Line2D([], [], marker="o", linestyle="", color=styles.INCIDENT_FILL, markersize=4, label=_("Dead and missing (records)")))
    shelters = _within(layers["shelters"], brief.bounds)
    if len(shelters):
        shelters.plot(ax=ax, color=styles.SHELTER_COLOUR, marker="^", markersize=14, edgecolor="white", linewidth=0.4)
        handles.append(plt.Line2D([], [], marker="^", linestyle="", color=styles.SHELTER_COLOUR, markersize=5, label=_("Shelters (town level)")))
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect(1 / max(math.cos(math.radians((miny + maxy) / 2)), 0.2))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_color("#999999")
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=5.5, framealpha=0.85, borderpad=0.4)
    ax.text(0.99, 0.01, _("Borders: Natural Earth (public domain)"), transform=ax.transAxes, fontsize=4.5, ha="right", va="bottom", color="#444444")
    return _png(fig)


def deaths_chart_png(brief: Brief, width_in: float = 3.6, height_in: float = 1.7) -> bytes | None:
    table = brief.deaths_by_year.value
    if brief.deaths_by_year.missing:
        return None
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    years = table["year"].astype(int).to_numpy()
    ax.bar(years, table["dead"], color=DEAD_COLOUR, label=_("Dead"))
    ax.bar(years, table["missing"], bottom=table["dead"], color=MISSING_COLOUR, label=_("Missing"))
    ax.set_title(_("Dead and missing by year"), fontsize=7, loc="left", color=TEXT)
    ax.tick_params(labelsize=5.5, colors=TEXT)
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) if len(years) <= 8 or i % 2 == 0 else "" for i, y in enumerate(years)])
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: format_number(int(v))))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=5.5, frameon=False)
    return _png(fig)


def causes_chart_png(brief: Brief, width_in: float = 3.6, height_in: float = 1.7) -> bytes | None:
    if brief.deaths_by_cause.missing:
        return None
    table = brief.deaths_by_cause.value.iloc[::-1]
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    ax.barh([str(label)[:48] for label in table["label"]], table["dead_and_missing"], color=DEAD_COLOUR)
    ax.set_title(_("Dead and missing by cause"), fontsize=7, loc="left", color=TEXT)
    ax.tick_params(labelsize=5.5, colors=TEXT)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: format_number(int(v))))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


# --- the page --------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10.2, textColor=colors.HexColor(TEXT))
    return {
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=20),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9, leading=11.5, textColor=colors.HexColor("#444444")),
        "h": ParagraphStyle("h", parent=base, fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=4, spaceAfter=1),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=6.3, leading=7.8, textColor=colors.HexColor("#444444")),
        "warn": ParagraphStyle("warn", parent=base, fontName=BOLD, textColor=colors.HexColor("#8a3b00"), backColor=colors.HexColor("#fff3e6"), borderPadding=3),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _figure(label: str, item: Sourced, value_text: str | None, s) -> list:
    """A label, its value (or 'no sourced figure') and its source line."""
    shown = value_text if value_text is not None and not item.missing else _("no sourced figure")
    out = [Paragraph(f"<b>{escape(label)}</b>: {escape(shown)}", s["body"])]
    line = figure_line(item)
    if line:
        out.append(_p(line, s["small"]))
    return out


def _image(png: bytes | None, width: float, s) -> object:
    if png is None:
        return _p(_("no sourced figure"), s["body"])
    image = Image(io.BytesIO(png))
    ratio = image.imageHeight / image.imageWidth
    image.drawWidth, image.drawHeight = width, width * ratio
    return image


def figures_block(brief: Brief, s) -> list:
    out = [_p(_("Key figures"), s["h"])]
    d = brief.deaths.value
    out += _figure(
        _("Dead and missing on its territory"),
        brief.deaths,
        None if d is None else _("{total} ({dead} dead, {missing} missing) in {records} records").format(
            total=format_number(d["dead"] + d["missing"]), dead=format_number(d["dead"]), missing=format_number(d["missing"]), records=format_number(d["records"])
        ),
        s,
    )
    n = brief.nationals_elsewhere.value
    out += _figure(
        _("Its nationals dead or missing elsewhere"),
        brief.nationals_elsewhere,
        None if n is None else _("{total} in {records} records, in {countries} countries").format(total=format_number(n["dead_and_missing"]), records=format_number(n["records"]), countries=format_number(n["countries"])),
        s,
    )
    sh = brief.shelters.value
    out += _figure(
        _("Shelters and service points"),
        brief.shelters,
        None if brief.shelters.missing else f"{format_number(int(sh['count'].sum()))}: " + ", ".join(f"{label} {format_number(int(c))}" for label, c in zip(sh["label"], sh["count"])),
        s,
    )
    sv = brief.services.value
    out += _figure(_("Services offered"), brief.services, None if brief.services.missing else ", ".join(f"{label} {format_number(int(c))}" for label, c in zip(sv["label"], sv["count"])), s)
    dn = brief.darien_nationals.value
    out += _figure(
        _("Its nationals crossing the Darién (Panama's figures)"),
        brief.darien_nationals,
        None if brief.darien_nationals.missing else "; ".join(f"{y}: {format_number(int(c))}" for y, c in zip(dn["year"], dn["count"])),
        s,
    )
    return out


def events_block(brief: Brief, s, width: float) -> list:
    out = [_p(_("Disaster displacement: largest events"), s["h"])]
    if brief.largest_events.missing:
        return out + [_p(_("no sourced figure"), s["body"])]
    rows = [[_p(_("Event"), s["small"]), _p(_("Year"), s["small"]), _p(_("Hazard"), s["small"]), _p(_("Displacement"), s["small"])]]
    for e in brief.largest_events.value.itertuples():
        sourced = not pd.isna(e.displacement)
        figure = format_number(int(e.displacement)) if sourced else _("no sourced figure")
        if sourced and e.shared:
            figure += " *"
        rows.append([_p(e.event, s["small"]), _p("" if pd.isna(e.year) else str(int(e.year)), s["small"]), _p(e.hazard, s["small"]), _p(figure, s["small"])])
    table = Table(rows, colWidths=[width * 0.46, width * 0.12, width * 0.18, width * 0.24])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    out.append(table)
    line = sourced_line(brief.largest_events)
    events = brief.largest_events.value
    if (events["shared"].astype(bool) & events["displacement"].notna()).any():
        line += " " + _("* Figure for the whole event, all affected countries.")
    out.append(_p(line, s["small"]))
    return out


def pdf(brief: Brief, layers: dict[str, pd.DataFrame], *, page: str = "A4", data_date: str, link: str | None = None, today: dt.date | None = None) -> bytes:
    """The brief as a one-page PDF in the current language; `layers` as for the map (public shelters only)."""
    _register_fonts()
    s = _styles()
    size = PAGE_SIZES[page]
    width = size[0] - 2 * MARGIN
    half = (width - 6 * mm) / 2
    today = today or dt.date.today()
    story: list = [
        _p(_("Country brief: {country}").format(country=brief.name), s["title"]),
        _p(membership_text(brief) + " " + _("Figures computed by Corredor from its bundled data on {date}.").format(date=today.isoformat()), s["subtitle"]),
        Spacer(1, 3),
        _p(_("Place on the corridor"), s["h"]),
        _p(brief.corridor, s["body"]),
    ]
    if brief.deaths.illustrative:
        story += [Spacer(1, 3), _p(_("The incident records in this brief are illustrative, not real data: import a Missing Migrants Project export to replace them."), s["warn"]), Spacer(1, 3)]
    left = [_image(map_png(brief, layers, 3.6, 3.0), half, s), _p(_("Map framed on the country's data: routes, disaster zones, dead and missing (records) and shelters (sensitive ones at town level)."), s["small"])]
    right = figures_block(brief, s)
    top = Table([[left, right]], colWidths=[half + 6 * mm, half])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm)]))
    story.append(top)
    story.append(_p(_("Dead and missing"), s["h"]))
    charts = Table([[_image(deaths_chart_png(brief), half, s), _image(causes_chart_png(brief), half, s)]], colWidths=[half + 6 * mm, half])
    charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(charts)
    story.append(_p(" ".join(x for x in (sourced_line(brief.deaths_by_year) or _("no sourced figure"), brief.deaths_by_year.note) if x), s["small"]))
    story += events_block(brief, s, width)
    footer = _("Sources: {sources}.").format(sources=source_list(_all_sources(brief), shown=8) or _("none")) + " "
    footer += _("Data date: {date}.").format(date=data_date) + " "
    footer += _("Missing Migrants Project figures are minimum estimates (IOM, CC BY 4.0). Borders: Natural Earth (public domain).")
    footer += " " + disclaimer()
    if link:
        footer += " " + _("Online: {link}").format(link=link)
    footer_para = Paragraph(escape(footer), s["small"])
    _w, footer_height = footer_para.wrap(width, size[1] / 4)
    frame_height = size[1] - 2 * MARGIN - footer_height - 8 - 12  # the page frame less its 6 pt padding above and below
    body = KeepInFrame(width, frame_height, story, mode="shrink")

    def draw_footer(canvas, _doc):
        canvas.saveState()
        para, h = footer_para, footer_height
        para.drawOn(canvas, MARGIN, MARGIN - 4)
        canvas.setStrokeColor(colors.grey)
        canvas.line(MARGIN, MARGIN + h, MARGIN + width, MARGIN + h)
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + footer_height + 8,
        title=_("Country brief: {country}").format(country=brief.name),
        author="Corredor",
        lang=None,
    )
    doc.build([body], onFirstPage=draw_footer, onLaterPages=draw_footer)
    return out.getvalue()


def _all_sources(brief: Brief) -> list[str]:
    items = (brief.deaths, brief.nationals_elsewhere, brief.shelters, brief.largest_events, brief.darien_nationals)
    return [name for item in items for name in item.sources]


def png(pdf_bytes: bytes, dpi: int = 200) -> bytes:
    """The PDF's first page as a PNG (for slides), rendered with PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def file_name(iso3: str, language: str, page: str, extension: str) -> str:
    return f"corredor-brief-{iso3.lower()}-{language}-{page.lower()}.{extension}"

