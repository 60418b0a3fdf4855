"""LTO documents as PDF, in Spanish, from the texts in data/documents/lto_documents.yaml: the
account statement (one page), the lease summary and the pagaré, amounts in figures and in words.
Drawn with fpdf2 and the DejaVu fonts shipped in data/fonts (nothing fetched at run time)."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from fpdf import FPDF

from lafa_core.config import DATA_DIR
from lafa_core.finance.statement import AccountStatement
from lafa_core.finance.words import amount_in_words
from lafa_core.i18n import format_bucket, format_mxn, t

FONTS = DATA_DIR / "fonts"
TEXTS = DATA_DIR / "documents" / "lto_documents.yaml"
LANG = "es"  # driver-facing documents are Spanish
TEAL = (11, 122, 117)


@lru_cache(maxsize=1)
def texts(path: Path = TEXTS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _money(centavos: int) -> str:
    return format_mxn(centavos, decimals=2)


def fields(statement: AccountStatement) -> dict[str, str]:
    """Every placeholder the templates may use, filled from the statement."""
    lease, words = statement.lease, texts()
    amounts = {"weekly": lease.weekly_rate_centavos, "deposit": lease.deposit_centavos,
               "total": statement.contract_total_centavos, "purchase_option": lease.purchase_option_centavos}
    return {"company": words["company"], "city": words["city"], "contract": lease.code,
            "driver_name": lease.driver_name, "vehicle": lease.vehicle, "plate": lease.plate, "vin": lease.vin,
            "term_weeks": str(lease.term_weeks), "start_on": _day(lease.start_on), "as_of": _day(statement.as_of),
            "first_due": _day(statement.first_due_on), "last_due": _day(statement.last_due_on),
            "issued_on": _day(lease.start_on),
            **{name: _money(value) for name, value in amounts.items()},
            **{f"{name}_words": amount_in_words(value) for name, value in amounts.items()}}


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(format="Letter")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans-Latin.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold-Latin.ttf"))
        self.set_title(title)
        self.set_author(texts()["company"])
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, 16)
        self.add_page()
        self.set_font("DejaVu", "B", 9)
        self.set_text_color(*TEAL)
        self.cell(0, 5, texts()["company"], new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "B", 15)
        self.set_text_color(0, 0, 0)
        self.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def facts(self, pairs: Iterable[tuple[str, str]], label_width: float = 62) -> None:
        for label, value in pairs:
            self.set_font("DejaVu", "B", 10)
            self.cell(label_width, 6.5, label)
            self.set_font("DejaVu", "", 10)
            self.multi_cell(0, 6.5, value, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", 11)
        self.set_text_color(*TEAL)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bytes(self) -> bytes:
        return bytes(self.output())


def statement_pdf(statement: AccountStatement) -> bytes:
    """The lessee's one-page account statement."""
    words, lease, s = texts()["statement"], statement.lease, statement
    pdf = _Document(words["title"])
    label = lambda key, **values: t(f"finance.statement.{key}", LANG, **values)  # noqa: E731
    pdf.facts([(label("contract"), lease.code), (label("lessee"), f"{lease.driver_name} ({lease.driver_code})"),
               (label("vehicle"), f"{lease.vehicle} · {lease.plate}"), (label("as_of"), _day(s.as_of)),
               (label("weekly"), _money(lease.weekly_rate_centavos)),
               (label("term"), label("term_value", weeks=lease.term_weeks, start=_day(lease.start_on)))])
    pdf.heading(label("balance"))
    pdf.facts([(label("total"), _money(s.contract_total_centavos)), (label("paid"), _money(s.paid_centavos)),
               (label("outstanding"), _money(s.outstanding_centavos)),
               (label("overdue"), _money(s.overdue_centavos)),
               (label("dpd"), f"{s.days_past_due} · {format_bucket(s.bucket, LANG)}"),
               (label("next_due"), label("next_due_value", day=_day(s.next_due_on), amount=_money(s.next_due_centavos))
                if s.next_due_on else "—"),
               (label("weeks_remaining"), str(s.weeks_remaining)),
               (label("equity"), label("equity_value", amount=_money(s.equity_centavos),
                                       share=f"{s.equity_share * 100:.1f}", price=_money(s.vehicle_price_centavos)))])
    pdf.heading(label("recent_payments"))
    if s.recent_payments:
        for payment in s.recent_payments:
            pdf.facts([(_day(payment.paid_on), f"{_money(payment.amount_centavos)} · "
                        f"{t(f'collections.method.{payment.method}', LANG)}")], label_width=40)
    else:
        pdf.paragraph(label("no_payments"))
    pdf.ln(3)
    pdf.paragraph(words["note"].format(**fields(s)), size=8.5)
    return pdf.bytes()


def lease_summary_pdf(statement: AccountStatement) -> bytes:
    words = texts()["lease_summary"]
    pdf = _Document(words["title"])
    values = fields(statement)
    pdf.facts([(t("finance.statement.contract", LANG), statement.lease.code),
               (t("finance.statement.lessee", LANG), statement.lease.driver_name)])
    pdf.ln(2)
    for number, clause in enumerate(words["clauses"], start=1):
        pdf.paragraph(f"{number}. {clause.format(**values)}")
    pdf.ln(12)
    pdf.paragraph(f"{values['company']}: ______________________        {values['driver_name']}: ______________________")
    return pdf.bytes()


def promissory_note_pdf(statement: AccountStatement) -> bytes:
    words, values = texts()["promissory_note"], fields(statement)
    pdf = _Document(words["title"])
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, t("finance.note.good_for", LANG, amount=values["total"]), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.paragraph(words["body"].format(**values), size=11)
    pdf.paragraph(words["place_date"].format(**values), size=11)
    pdf.ln(14)
    pdf.paragraph(words["subscriber"].format(**values), size=11)
    pdf.paragraph(words["signature"].format(**values), size=11)
    return pdf.bytes()


def statements_zip(statements: Iterable[AccountStatement], progress: Callable[[int], None] | None = None) -> bytes:
    """Every statement as `<contract>.pdf` in one zip; `progress(n)` after each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, statement in enumerate(statements, start=1):
            archive.writestr(f"estado-de-cuenta-{statement.lease.code}.pdf", statement_pdf(statement))
            if progress:
                progress(n)
    return buffer.getvalue()
