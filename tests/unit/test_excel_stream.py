"""The streamed workbook keeps the app's Excel conventions: real dates and exact amounts, text that
looks like a formula kept as text, XML-unsafe text escaped, totals as formulas, frozen header,
autofilter and print setup."""
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from lafa_core import excel


def test_a_streamed_table_reads_back_as_written(tmp_path):
    path = tmp_path / "t.xlsx"
    rows = [["A&B <1>", date(2026, 1, 5), Decimal("1234.56"), 3],
            ["=HYPERLINK(\"x\")", date(2026, 2, 28), Decimal(100000) / 100, 4],
            ["Ñandú \x07", None, Decimal("0.01"), 5]]
    excel.stream_table_workbook(path, title="Título", facts=[("Generado", datetime(2026, 11, 26, 9, 30))],
                                sheet_name="Datos", cover_name="Portada", headers=["Texto", "Fecha", "Monto", "N"],
                                rows=iter(rows), formats=[None, excel.DATE, excel.PESOS, excel.INTEGER],
                                row_count=3, total_label="Total", totals={2, 3})
    book = load_workbook(path)
    assert book.sheetnames == ["Portada", "Datos"]
    assert book["Portada"]["A1"].value == "Título" and book["Portada"]["B3"].value == datetime(2026, 11, 26, 9, 30)
    sheet = book["Datos"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=5)]
    assert values[0] == ["Texto", "Fecha", "Monto", "N"]
    assert values[1] == ["A&B <1>", datetime(2026, 1, 5), 1234.56, 3]
    assert values[2] == ["'=HYPERLINK(\"x\")", datetime(2026, 2, 28), 1000, 4]
    assert values[3] == ["Ñandú ", None, 0.01, 5]
    assert values[4] == ["Total", None, "=SUM(C2:C4)", "=SUM(D2:D4)"]
    assert sheet["B2"].number_format == excel.DATE and sheet["C2"].number_format == excel.PESOS
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D4"
    assert sheet.page_setup.orientation == "landscape" and sheet["A1"].font.bold
