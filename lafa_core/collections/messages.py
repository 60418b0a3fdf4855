"""Spanish WhatsApp templates per ladder stage. Each names the company, the contract, the
amount owed and the date that amount was calculated (Mexico's collection rules), is
addressed only to the debtor, a joint obligor or a guarantor, and never threatens."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lafa_core.collections.rules import CollectionsError
from lafa_core.i18n import format_date, format_mxn

COMPANY = "LAFA"
# Only people who owe the debt may receive a collection message.
ALLOWED_RECIPIENTS = ("debtor", "joint_obligor", "guarantor")

_CLOSING = " Si ya realizó su pago, por favor ignore este mensaje. Para dejar de recibir mensajes responda BAJA."
TEMPLATES = {
    "friendly_reminder": (
        "Hola {name}, le saluda {company}. Le recordamos que su pago del contrato {contract} por {amount} "
        "vence el {due}. Monto calculado al {as_of}. ¡Gracias por su puntualidad!"
    ),
    "due_today": (
        "Hola {name}, le saluda {company}. Hoy vence el pago de su contrato {contract}: {amount}, "
        "calculado al {as_of}. Si necesita ayuda para pagar, responda este mensaje y con gusto le apoyamos."
    ),
    "past_due_notice": (
        "Hola {name}, le saluda {company}. Su contrato {contract} tiene un saldo vencido de {amount}, "
        "calculado al {as_of}. Podemos ofrecerle un plan de pagos; responda este mensaje para platicarlo."
    ),
    "second_notice": (
        "Hola {name}, le saluda {company}. Su contrato {contract} mantiene un saldo vencido de {amount}, "
        "calculado al {as_of}. Un asesor se comunicará con usted para buscar juntos una solución."
    ),
    "legal_escalation": (
        "Hola {name}, le saluda {company}. Su contrato {contract} registra un saldo vencido de {amount}, "
        "calculado al {as_of}. Queremos ayudarle a regularizarlo antes de que su cuenta pase al área "
        "jurídica; comuníquese con nosotros para acordar una opción de pago."
    ),
}


@dataclass(frozen=True)
class MessageValues:
    name: str
    contract: str
    amount_centavos: int
    as_of: date
    due_on: date | None = None
    recipient: str = "debtor"


def render_message(stage: str, values: MessageValues) -> str:
    if values.recipient not in ALLOWED_RECIPIENTS:
        raise CollectionsError(f"recipient: {values.recipient!r} does not owe this debt; "
                               f"only {', '.join(ALLOWED_RECIPIENTS)} may be contacted")
    if stage not in TEMPLATES:
        raise CollectionsError(f"stage: no message template for {stage!r}")
    first_name = values.name.split()[0] if values.name.strip() else values.name
    text = TEMPLATES[stage].format(
        name=first_name, company=COMPANY, contract=values.contract, amount=format_mxn(values.amount_centavos, decimals=2),
        as_of=format_date(values.as_of, "es"), due=format_date(values.due_on or values.as_of, "es"),
    )
    return text + _CLOSING
