"""The ROI model as an Excel workbook for finance: every total, ROI and payback is
a live formula over the Assumptions sheet, so changing an assumption in Excel
moves the totals. Values are written as Decimal (never float)."""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.properties import CalcProperties

from lafa_core import excel
from lafa_core.i18n import DEFAULT_LANGUAGE, project_text, t, unit_text
from lafa_core.roadmap.rules import FLEET, MONTHS_PER_YEAR, SCENARIO_FLEETS, WEEKS_PER_YEAR, RoiResult, Strategy

ENGINEER_COST = "engineer_monthly_cost"
MONEY, RATIO, MONTHS, PLAIN = "#,##0", "0.0%", "0.0", "0.###"
HEADER = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B7A75")
INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")  # cells finance may change

# Projects sheet columns, in order: (key, number format).
PROJECT_COLUMNS = [
    ("id", None), ("name", None), ("track", None), ("effort_low", PLAIN), ("effort_high", PLAIN),
    *[(f"v{fleet}_{end}", MONEY) for fleet in SCENARIO_FLEETS for end in ("low", "high")],
    ("factor", "0.000"), ("value_low", MONEY), ("value_high", MONEY), ("cost_low", MONEY), ("cost_high", MONEY),
    ("roi_low", RATIO), ("roi_high", RATIO), ("payback_fast", MONTHS), ("payback_slow", MONTHS),
    ("per_week_low", MONEY), ("per_week_high", MONEY),
]
COL = {key: get_column_letter(i + 1) for i, (key, _) in enumerate(PROJECT_COLUMNS)}


def _value_formula(row: int, end: str) -> str:
    """The linear-scaling rule of `rules.value_at_fleet` as nested IFs over the
    scenario columns of one end ("low" or "high") of the range."""
    fleets = (0,) + SCENARIO_FLEETS
    cells = {fleet: f"{COL[f'v{fleet}_{end}']}{row}" for fleet in SCENARIO_FLEETS}
    last = SCENARIO_FLEETS[-1]
    formula = f"{cells[last]}*{FLEET}/{last}"
    for f0, f1 in reversed(list(zip(fleets, fleets[1:]))):
        segment = (f"{cells[f1]}*{FLEET}/{f1}" if f0 == 0
                   else f"{cells[f0]}+({cells[f1]}-{cells[f0]})*({FLEET}-{f0})/{f1 - f0}")
        formula = f"IF({FLEET}<={f1},{segment},{formula})"
    return formula


def _economics_formulas(row: int) -> dict[str, str]:
    c = {key: f"{letter}{row}" for key, letter in COL.items()}
    return {
        "roi_low": f"=({c['value_low']}-{c['cost_high']})/{c['cost_high']}",
        "roi_high": f"=({c['value_high']}-{c['cost_low']})/{c['cost_low']}",
        "payback_fast": f'=IF({c["value_high"]}>0,{c["cost_low"]}*{MONTHS_PER_YEAR}/{c["value_high"]},"")',
        "payback_slow": f'=IF({c["value_low"]}>0,{c["cost_high"]}*{MONTHS_PER_YEAR}/{c["value_low"]},"")',
        "per_week_low": f"={c['value_low']}/{c['effort_high']}",
        "per_week_high": f"={c['value_high']}/{c['effort_low']}",
    }


def _header(sheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font, cell.fill = HEADER, HEADER_FILL


def _name(workbook: Workbook, name: str, sheet_title: str, cell: str) -> None:
    column, row = cell.rstrip("0123456789"), cell[len(cell.rstrip("0123456789")):]
    workbook.defined_names[name] = DefinedName(name, attr_text=f"'{sheet_title}'!${column}${row}")


def roi_workbook(strategy: Strategy, roi: RoiResult, *, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """An .xlsx of the ROI model at `roi`'s fleet size, engineer cost and assumption values."""
    workbook = Workbook()
    inputs = workbook.active
    inputs.title = t("roadmap.xl.sheet.assumptions", lang)
    projects = workbook.create_sheet(t("roadmap.xl.sheet.projects", lang))

    # --- Assumptions: the inputs, each a named cell the formulas use -----------------------
    inputs["A1"] = t("roadmap.xl.title", lang)
    inputs["A1"].font = Font(bold=True, size=14)
    inputs["A2"] = t("roadmap.xl.note", lang)
    # Each value is a named cell (the formulas read `fleet`, `lto_default_rate`, …): no key column.
    _header(inputs, 4, [t(f"roadmap.xl.col.{key}", lang) for key in ("assumption", "value", "base", "unit", "range_low", "range_high")])
    rows = [(FLEET, t("roadmap.assumption.fleet", lang), roi.fleet, strategy.assumption(FLEET).base, "vehicles", None),
            (ENGINEER_COST, t("roadmap.engineer_cost", lang), roi.engineer_monthly_cost, None, "MXN", None)]
    rows += [(a.key, t(f"roadmap.assumption.{a.key}", lang), roi.assumptions[a.key], a.base, a.unit, a.range)
             for a in strategy.assumptions if a.key != FLEET]
    for r, (key, label, value, base, unit, bounds) in enumerate(rows, start=5):
        number_format = RATIO if unit.startswith("share") else MONEY  # shares as percentages, the rest as counts/MXN
        inputs.cell(row=r, column=1, value=label)
        cell = inputs.cell(row=r, column=2, value=Decimal(value))
        cell.fill, cell.number_format = INPUT_FILL, number_format
        _name(workbook, key, inputs.title, f"B{r}")
        if base is not None:
            inputs.cell(row=r, column=3, value=base).number_format = number_format
            _name(workbook, f"{key}_base", inputs.title, f"C{r}")
        inputs.cell(row=r, column=4, value=unit_text(unit, lang))
        if bounds is not None:
            inputs.cell(row=r, column=5, value=bounds.low).number_format = number_format
            inputs.cell(row=r, column=6, value=bounds.high).number_format = number_format

    # --- Projects: scenario values as data, everything derived as formulas --------------------
    _header(projects, 1, [t(f"roadmap.xl.col.{key}", lang) for key, _ in PROJECT_COLUMNS])
    first = 2
    for r, item in enumerate(roi.projects, start=first):
        project = item.project
        c = {key: f"{letter}{r}" for key, letter in COL.items()}
        cells = {"id": project.id, "name": project_text(project, "name", lang), "track": project.track,
                 "effort_low": project.effort_weeks.low, "effort_high": project.effort_weeks.high,
                 "cost_low": f"=ROUND({c['effort_low']}*{ENGINEER_COST}*{MONTHS_PER_YEAR}/{WEEKS_PER_YEAR},2)",
                 "cost_high": f"=ROUND({c['effort_high']}*{ENGINEER_COST}*{MONTHS_PER_YEAR}/{WEEKS_PER_YEAR},2)"}
        if project.impact is not None:
            for fleet in SCENARIO_FLEETS:
                cells[f"v{fleet}_low"], cells[f"v{fleet}_high"] = project.impact[fleet].low, project.impact[fleet].high
            drivers = [a.key for a in strategy.assumptions if project.id in a.drives]
            cells["factor"] = "=" + ("*".join(f"({k}/{k}_base)" for k in drivers) or "1")
            cells["value_low"] = f"={_value_formula(r, 'low')}*{c['factor']}"
            cells["value_high"] = f"={_value_formula(r, 'high')}*{c['factor']}"
            cells |= _economics_formulas(r)
        _write_row(projects, r, cells)

    last = first + len(roi.projects) - 1
    total = last + 2
    cells = {"id": t("roadmap.total", lang)}
    for key in ("effort_low", "effort_high", "value_low", "value_high", "cost_low", "cost_high"):
        cells[key] = f"=SUM({COL[key]}{first}:{COL[key]}{last})"
    cells |= _economics_formulas(total)
    _write_row(projects, total, cells)
    for column in ("id",) + tuple(key for key in cells if key != "id"):
        projects[f"{COL[column]}{total}"].font = Font(bold=True)

    # --- Totals beside the inputs, so a changed assumption shows its effect in place ------------
    summary = 5 + len(rows) + 1
    inputs.cell(row=summary, column=1, value=t("roadmap.xl.totals", lang)).font = Font(bold=True)
    _header(inputs, summary + 1, ["", t("roadmap.xl.low", lang), t("roadmap.xl.high", lang)])
    for offset, (label, low, high, fmt) in enumerate([
        ("roadmap.xl.total.value", "value_low", "value_high", MONEY),
        ("roadmap.xl.total.cost", "cost_low", "cost_high", MONEY),
        ("roadmap.xl.total.roi", "roi_low", "roi_high", RATIO),
        ("roadmap.xl.total.payback", "payback_fast", "payback_slow", MONTHS),
    ], start=summary + 2):
        inputs.cell(row=offset, column=1, value=t(label, lang))
        for column, key in ((2, low), (3, high)):
            cell = inputs.cell(row=offset, column=column, value=f"='{projects.title}'!{COL[key]}{total}")
            cell.number_format = fmt

    for sheet, widths in ((inputs, [48, 16, 16, 30, 12, 12]), (projects, [8, 34, 7])):
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
    for i in range(4, len(PROJECT_COLUMNS) + 1):  # headers whole: wrapped over two lines, never cut
        projects.column_dimensions[get_column_letter(i)].width = 13
    for cell in projects[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    inputs.freeze_panes, projects.freeze_panes = "A5", "D2"
    excel.print_setup(inputs, title_rows="4:4")
    excel.print_setup(projects)
    # No cached values are stored with formulas: Excel must compute them on open.
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_row(sheet, row: int, cells: dict) -> None:
    for key, fmt in PROJECT_COLUMNS:
        if key in cells:
            cell = sheet[f"{COL[key]}{row}"]
            cell.value = cells[key]
            if fmt:
                cell.number_format = fmt
