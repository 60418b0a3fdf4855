"""The exported ROI workbook: its formulas, evaluated, give the page's figures,
and they follow an assumption changed in the workbook."""
import re
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lafa_core.roadmap import compute_roi, load_strategy, roi_workbook
from lafa_core.roadmap.workbook import COL

TOKEN = re.compile(r"""\s*(?:
    (?P<number>\d+(?:\.\d+)?) | (?P<string>"[^"]*") | '(?P<sheet>[^']+)'! |
    (?P<cell>\$?[A-Z]{1,3}\$?\d+)(?![A-Za-z0-9_]) | (?P<name>[A-Za-z_][A-Za-z0-9_.]*) |
    (?P<op><=|>=|<>|[-+*/(),:<>=]))""", re.VERBOSE)


class Evaluator:
    """Just enough of Excel for the formulas the workbook writes: arithmetic,
    comparisons, IF (lazy), SUM, ROUND, cell and range references, defined names.
    Decimal throughout, so results compare exactly with the model's."""

    def __init__(self, workbook, sheet_title):
        self.wb, self.default_sheet = workbook, sheet_title
        self.names = {name: dn.attr_text for name, dn in workbook.defined_names.items()}

    def cell(self, sheet, ref):
        value = self.wb[sheet][ref.replace("$", "")].value
        if isinstance(value, str) and value.startswith("="):
            return self.formula(value[1:], sheet)
        if value is None:
            return Decimal(0)
        return value if isinstance(value, str) else Decimal(str(value))

    def formula(self, text, sheet):
        tokens, pos = [], 0
        while pos < len(text):
            match = TOKEN.match(text, pos)
            assert match, f"cannot read {text[pos:]!r}"
            tokens.append((match.lastgroup, match.group(match.lastgroup)))
            pos = match.end()
        self.tokens, self.i, self.sheet = tokens, 0, sheet
        node = self.comparison()
        assert self.i == len(tokens), f"trailing tokens in {text!r}"
        return node()

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, expected=None):
        kind, value = self.tokens[self.i]
        assert expected is None or value == expected, f"expected {expected}, got {value}"
        self.i += 1
        return kind, value

    def comparison(self):
        left = self.additive()
        ops = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
               ">": lambda a, b: a > b, "=": lambda a, b: a == b, "<>": lambda a, b: a != b}
        if self.peek()[1] in ops:
            op = ops[self.take()[1]]
            right = self.additive()
            return lambda: op(left(), right())
        return left

    def additive(self):
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op, right, left = self.take()[1], self.term(), node
            node = (lambda l, r: lambda: l() + r())(left, right) if op == "+" else (lambda l, r: lambda: l() - r())(left, right)
        return node

    def term(self):
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op, right, left = self.take()[1], self.unary(), node
            node = (lambda l, r: lambda: l() * r())(left, right) if op == "*" else (lambda l, r: lambda: l() / r())(left, right)
        return node

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            inner = self.unary()
            return lambda: -inner()
        return self.primary()

    def primary(self):
        kind, value = self.take()
        sheet = self.sheet
        if kind == "number":
            return lambda: Decimal(value)
        if kind == "string":
            return lambda: value[1:-1]
        if value == "(":
            node = self.comparison()
            self.take(")")
            return node
        if kind == "sheet":
            sheet, (kind, value) = value, self.take()
        if kind == "cell":
            if self.peek()[1] == ":":
                self.take()
                _, end = self.take()
                return lambda: self.range(sheet, value, end)
            return lambda: self.cell(sheet, value)
        if kind == "name" and self.peek()[1] == "(":
            self.take("(")
            args = [self.comparison()]
            while self.peek()[1] == ",":
                self.take()
                args.append(self.comparison())
            self.take(")")
            return self.function(value, args)
        if kind == "name":
            target_sheet, target = re.fullmatch(r"'([^']+)'!(.+)", self.names[value]).groups()
            return lambda: self.cell(target_sheet, target)
        raise AssertionError(f"unexpected token {value!r}")

    def range(self, sheet, start, end):
        ws = self.wb[sheet]
        return [self.cell(sheet, c.coordinate) for row in ws[start.replace("$", ""):end.replace("$", "")] for c in row]

    @staticmethod
    def function(name, args):
        if name == "IF":
            condition, then, otherwise = args
            return lambda: then() if condition() else otherwise()
        if name == "SUM":
            return lambda: sum((v for v in args[0]() if isinstance(v, Decimal)), Decimal(0))
        if name == "ROUND":
            return lambda: args[0]().quantize(Decimal(1).scaleb(-int(args[1]())), ROUND_HALF_UP)
        raise AssertionError(f"function {name} not supported")


@pytest.fixture(scope="module")
def strategy():
    return load_strategy()


def open_workbook(data: bytes):
    wb = load_workbook(BytesIO(data))
    projects = wb.worksheets[1]
    total_row = max(row for row in range(1, projects.max_row + 1) if projects[f"A{row}"].value == "Total")
    return wb, projects.title, total_row


def evaluated_totals(wb, sheet, row):
    ev = Evaluator(wb, sheet)
    return {key: ev.cell(sheet, f"{COL[key]}{row}") for key in
            ("value_low", "value_high", "cost_low", "cost_high", "roi_low", "roi_high", "payback_fast", "payback_slow")}


def model_totals(roi):
    total = roi.total
    return {"value_low": total.value.low, "value_high": total.value.high, "cost_low": total.cost.low,
            "cost_high": total.cost.high, "roi_low": total.roi.low, "roi_high": total.roi.high,
            "payback_fast": total.payback_months.low, "payback_slow": total.payback_months.high}


def assert_same(evaluated, expected):
    for key, value in expected.items():
        assert evaluated[key] == pytest.approx(value, rel=Decimal("1e-20"), abs=Decimal("1e-9")), key


@pytest.mark.parametrize("fleet", [500, 1000, 1234, 2000, 5000])
def test_workbook_formulas_evaluate_to_the_models_totals(strategy, fleet):
    roi = compute_roi(strategy, fleet=fleet, engineer_monthly_cost=Decimal(95000))
    wb, sheet, row = open_workbook(roi_workbook(strategy, roi, lang="en"))
    assert_same(evaluated_totals(wb, sheet, row), model_totals(roi))


def test_totals_are_live_formulas_over_the_assumptions_sheet(strategy):
    roi = compute_roi(strategy, fleet=1000)
    wb, sheet, row = open_workbook(roi_workbook(strategy, roi, lang="en"))
    projects = wb[sheet]
    assert projects[f"{COL['value_low']}{row}"].value == f"=SUM({COL['value_low']}2:{COL['value_low']}17)"
    assert projects[f"{COL['roi_low']}{row}"].value.startswith("=(")
    assert "fleet" in projects[f"{COL['value_low']}10"].value  # P4's row scales with the fleet cell
    assert wb.calculation.fullCalcOnLoad
    inputs = wb.worksheets[0]
    # The summary beside the inputs points at the totals.
    assert any(c.value == f"='{sheet}'!{COL['value_high']}{row}" for r in inputs.iter_rows() for c in r)


def test_changing_an_assumption_in_the_workbook_moves_the_totals(strategy):
    roi = compute_roi(strategy, fleet=1000)
    wb, sheet, row = open_workbook(roi_workbook(strategy, roi, lang="es"))
    inputs = wb.worksheets[0]
    # Each assumption is a named cell (no internal key on the sheet): find them by name, as a formula does.
    cells = {name: inputs[wb.defined_names[name].attr_text.split("!")[1].replace("$", "")]
             for name in ("fleet", "lto_default_rate", "engineer_monthly_cost")}
    cells["fleet"].value = 750
    cells["lto_default_rate"].value = 0.2
    cells["engineer_monthly_cost"].value = 120000
    expected = compute_roi(strategy, fleet=750, engineer_monthly_cost=Decimal(120000),
                           overrides={"lto_default_rate": Decimal("0.2")})
    assert_same(evaluated_totals(wb, sheet, row), model_totals(expected))
    assert expected.total.value.high != roi.total.value.high


def test_measured_values_travel_into_the_workbook(strategy):
    overrides = {"dae_charging_cost": Decimal("412.5"), "onboardings_per_month": Decimal(40)}
    roi = compute_roi(strategy, fleet=321, overrides=overrides)
    wb, sheet, row = open_workbook(roi_workbook(strategy, roi))
    assert_same(evaluated_totals(wb, sheet, row), model_totals(roi))


def test_the_assumptions_read_as_a_finance_sheet(strategy):
    """Spanish labels and units, shares as percentages, no internal keys, frozen and print-ready."""
    roi = compute_roi(strategy, fleet=1000)
    wb, sheet, _ = open_workbook(roi_workbook(strategy, roi, lang="es"))
    inputs = wb.worksheets[0]
    rows = {r[0].value: r for r in inputs.iter_rows(min_row=5, max_row=12) if r[0].value}
    default = rows["Tasa de incumplimiento LTO sin intervención"] if "Tasa de incumplimiento LTO sin intervención" in rows \
        else next(r for label, r in rows.items() if label.startswith("Tasa de incumplimiento"))
    assert default[3].value == "participación anual" and default[1].number_format == "0.0%"
    assert all(cell.value not in ("fleet", "engineer_monthly_cost", "lto_default_rate") for row in inputs.iter_rows()
               for cell in row)
    assert inputs.freeze_panes == "A5" and inputs.print_title_rows == "$4:$4"
    projects = wb[sheet]
    assert projects["B2"].value == "Base de datos operativa" and projects.page_setup.orientation == "landscape"
    assert projects.sheet_properties.pageSetUpPr.fitToPage and projects["D1"].alignment.wrap_text
