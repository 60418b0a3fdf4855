"""Collections: a prioritized, claimable call queue worked within the law (issue 4).

One module per use case, each service taking a unit of work: `queue` (build, publish, view),
`claims`, `contacts` (the account's context, contacts and promises), `restructuring`, `roll`
(the roll predictor) and `reports` (supervisor, outbound messages). Pure rules in `rules`,
SQL in `queries`.
"""
from lafa_core.collections.claims import next_account, release_account
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig, InvalidCollectionsConfig
from lafa_core.collections.contacts import AccountContext, ClaimLost, ContactLogged, account_context, log_contact
from lafa_core.collections.messages import MessageValues, render_message
from lafa_core.collections.model import RollModel
from lafa_core.collections.queue import QueueView, build_queue, queue_view, refresh_queue
from lafa_core.collections.reports import (
    CollectionsReport, SupervisorReport, collections_report, outbound_messages, outbound_messages_csv, supervisor_report,
)
from lafa_core.collections.restructuring import decide_restructuring, pending_offers, propose_restructuring
from lafa_core.collections.roll import roll_model, train_roll_model
from lafa_core.collections.rules import (
    BlockReason, CollectionsError, ContactFacts, ContactNotAllowed, Outcome, RestructuringKind, account_block,
    check_contact, priority_centavos, restructured_schedule, stage_for,
)
from lafa_core.ledger import PromiseFate, promise_fate

__all__ = [
    "AccountContext", "BlockReason", "ClaimLost", "ContactLogged", "CollectionsConfig", "CollectionsError", "CollectionsReport",
    "ContactFacts", "collections_report",
    "ContactNotAllowed", "DEFAULT_CONFIG", "InvalidCollectionsConfig", "MessageValues", "Outcome", "PromiseFate",
    "QueueView", "RestructuringKind", "RollModel", "SupervisorReport", "account_block", "account_context",
    "build_queue", "check_contact", "decide_restructuring", "log_contact", "next_account",
    "outbound_messages", "outbound_messages_csv", "pending_offers", "priority_centavos", "promise_fate",
    "propose_restructuring", "queue_view", "refresh_queue", "release_account", "render_message",
    "restructured_schedule", "roll_model", "stage_for", "supervisor_report", "train_roll_model",
]
