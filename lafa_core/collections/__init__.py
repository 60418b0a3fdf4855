"""Collections: a prioritized, claimable call queue worked within the law (issue 4).

Public API: build/refresh the queue, claim/release accounts, log contacts and outcomes,
restructuring offers with supervisor approval, the outbound message list, the supervisor report.
"""
from lafa_core.collections.config import DEFAULT_CONFIG, CollectionsConfig, InvalidCollectionsConfig
from lafa_core.collections.messages import MessageValues, render_message
from lafa_core.collections.model import RollModel
from lafa_core.collections.rules import (
    BlockReason, CollectionsError, ContactFacts, ContactNotAllowed, Outcome, PromiseFate, RestructuringKind,
    account_block, bucket_for, check_contact, priority_centavos, promise_fate, restructured_schedule, stage_for,
)
from lafa_core.collections.service import (
    AccountContext, ClaimLost, QueueView, SupervisorReport, account_context, build_queue, decide_restructuring,
    log_contact, next_account, outbound_messages, outbound_messages_csv, pending_offers, propose_restructuring,
    queue_view, refresh_queue, release_account, roll_model, supervisor_report, train_roll_model,
)

__all__ = [
    "AccountContext", "BlockReason", "ClaimLost", "CollectionsConfig", "CollectionsError", "ContactFacts",
    "ContactNotAllowed", "DEFAULT_CONFIG", "InvalidCollectionsConfig", "MessageValues", "Outcome", "PromiseFate",
    "QueueView", "RestructuringKind", "RollModel", "SupervisorReport", "account_block", "account_context",
    "bucket_for", "build_queue", "check_contact", "decide_restructuring", "log_contact", "next_account",
    "outbound_messages", "outbound_messages_csv", "pending_offers", "priority_centavos", "promise_fate",
    "propose_restructuring", "queue_view", "refresh_queue", "release_account", "render_message",
    "restructured_schedule", "roll_model", "stage_for", "supervisor_report", "train_roll_model",
]
