"""Ten people at once in ten browser contexts on one PostgreSQL-backed app server, the app connected
as its least-privilege role: six collections agents claim accounts and log contacts, four credit
analysts race to decide the same applications. No exception on any screen, no account claimed
twice, no lost write, and the audit trail counts exactly what the people did.

The contexts run concurrently (Playwright's async API, one event loop in a thread of its own so as
not to meet the sync plugin's loop). The server's business clock is pinned inside contact hours
(LAFA_CLOCK), so the run does not depend on the hour CI starts."""
from __future__ import annotations

import asyncio
import json
import re
import threading
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from lafa_core.db import make_engine, migrate
from lafa_core.generate import build_company
from lafa_core.i18n import t
from lafa_core.tables import AuditLog, CollectionContact, CreditDecision
from lafa_core.users import Role
from lafa_core.users.service import create_user
from tests.browser.harness import CHROMIUM, COMPANY, POLL_MS, STILL, TEST_LAUNCH_ARGS, VIEWPORT, log_tail, serve
from tests.conftest import owner_and_app_role
from tests.factories import uow

AGENTS, ANALYSTS, ROUNDS = 6, 4, 1
PASSWORD = "Concurrencia-2026!"
# Monday after the demo company's last week, 11:00 in Mexico City: inside contact hours.
CLOCK = "2026-11-23T11:00:00-06:00"
SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.dataset.testScriptState === 'notRunning'
        && document.querySelector('[data-testid="stSpinner"]') === null;
}"""


@pytest.fixture(scope="module")
def shared_app(demo, tmp_path_factory):
    """A small company (the demo's spec at 100 vehicles: the demo's credit model reads the same
    features; enough accounts and applications for ten people) on a fresh PostgreSQL database built
    by the owner; the server connects as a fresh app role."""
    with owner_and_app_role() as (url, role, app_url):
        owner = make_engine(url)
        try:
            build_company(owner, **(COMPANY | {"vehicles": 100}))  # the demo's model fits its features
            migrate(owner, app_role=role)
            people = [(f"agente.{i}", Role.COLLECTIONS_AGENT) for i in range(AGENTS)]
            people += [(f"analista.{i}", Role.CREDIT_ANALYST) for i in range(ANALYSTS)]
            for username, person_role in people:
                create_user(uow(owner, "admin", role=Role.ADMIN.value), username=username, password=PASSWORD,
                            display_name=username.replace(".", " ").title(), role=person_role.value)
            log = tmp_path_factory.mktemp("concurrent") / "server.log"
            with serve(app_url, demo.models, log, extra_env={"LAFA_CLOCK": CLOCK}) as base:
                yield owner, base, log, people
        finally:
            owner.dispose()


@dataclass
class Tally:
    claimed: list[str] = field(default_factory=list)  # contract codes, in order
    logged: int = 0
    decided: int = 0
    refused: int = 0
    problems: list[str] = field(default_factory=list)


async def _context(browser):
    """A person's own browser context; ten people share two cores, so each move may wait its turn."""
    context = await browser.new_context(viewport=VIEWPORT, locale="es-MX")
    await context.add_init_script(STILL)
    context.set_default_timeout(120_000)
    return context


async def _settle(page) -> None:
    await page.wait_for_function(SETTLED, timeout=120_000, polling=POLL_MS)


async def _sound(page, who: str, tally: Tally) -> None:
    if await page.locator('[data-testid="stException"]').count() or "Traceback" in await page.locator("body").inner_text():
        tally.problems.append(f"{who}: an exception on screen:\n{(await page.locator('body').inner_text())[:1000]}")


async def _sign_in(page, base: str, username: str, page_title: str) -> None:
    await page.goto(base + "/")
    await page.locator(".st-key-sign_in_username input").wait_for(timeout=120_000)
    await _settle(page)
    await page.locator(".st-key-sign_in_username input").fill(username)
    await page.locator(".st-key-sign_in_password input").fill(PASSWORD)
    await page.locator('[data-testid="stForm"] [data-testid="stBaseButton-primaryFormSubmit"]').click()
    await page.locator(".st-key-sign_out").wait_for(timeout=120_000)
    # Agents land on the call queue and analysts on the credit queue: their own work, not the home page.
    await page.locator("h1", has_text=page_title).first.wait_for(timeout=120_000)
    await _settle(page)


async def _agent(browser, base: str, username: str, tally: Tally) -> None:
    context = await _context(browser)
    try:
        page = await context.new_page()
        await _sign_in(page, base, username, t("collections.title", "es"))
        account_prefix = t("collections.account", "es", contract="")
        for _ in range(ROUNDS):
            await page.locator(".st-key-collections_next button").click()
            heading = page.locator("h3").filter(has_text=re.compile(rf"^{re.escape(account_prefix)}[A-Z]+-\d+$")).first
            await heading.wait_for(timeout=120_000)
            await _settle(page)
            await _sound(page, username, tally)
            tally.claimed.append((await heading.inner_text()).replace(account_prefix, "").strip())
            await page.locator(".st-key-collections_save button").click()  # no form: the outcome reruns the page
            await page.get_by_text(t("collections.logged", "es", outcome=t("collections.outcome.no_answer", "es")),
                                   exact=True).wait_for(timeout=120_000)
            await _settle(page)
            await _sound(page, username, tally)
            tally.logged += 1
    except Exception as error:  # noqa: BLE001 - reported by the test with the server log
        tally.problems.append(f"{username}: {error!r}")
    finally:
        await context.close()


async def _analyst(browser, base: str, username: str, tally: Tally) -> None:
    context = await _context(browser)
    decided_prefix = t("credit.decided", "es", code="@", decision="", analyst="", version="", score="").split("@")[0]
    refused_prefix = t("credit.already_decided", "es", analyst="", decision="", when="")[:25]
    try:
        page = await context.new_page()
        credit_title = t("credit.title", "es")
        await _sign_in(page, base, username, credit_title)
        detail = re.compile(re.escape(t("credit.detail", "es", code="@", name="")).replace("@", r"(APP-\d+)"))
        for round_ in range(ROUNDS):
            # The application on screen: the previous round's confirmation stays visible until the rerun
            # replaces it, so only a confirmation naming this application counts.
            code = detail.search(await page.locator("h3", has_text=detail).first.inner_text()).group(1)
            decided = page.get_by_text(f"{decided_prefix}{code} ")
            await page.locator('[data-testid="stBaseButton-primaryFormSubmit"]', has_text=t("credit.submit", "es")).click()
            await decided.or_(page.get_by_text(refused_prefix)).first.wait_for(timeout=120_000)
            await _settle(page)
            await _sound(page, username, tally)
            if await decided.count():
                tally.decided += 1
            else:
                tally.refused += 1
                if round_ == ROUNDS - 1:
                    continue
                await page.reload()  # the next application, as an analyst would after a refusal
                await page.locator("h1", has_text=credit_title).first.wait_for(timeout=120_000)
                await _settle(page)
    except Exception as error:  # noqa: BLE001
        tally.problems.append(f"{username}: {error!r}")
    finally:
        await context.close()


async def _everyone(base: str, people) -> dict[str, Tally]:
    from playwright.async_api import async_playwright

    tallies = {username: Tally() for username, _ in people}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=TEST_LAUNCH_ARGS)
        try:
            await asyncio.gather(*[
                (_agent if role is Role.COLLECTIONS_AGENT else _analyst)(browser, base, username, tallies[username])
                for username, role in people])
        finally:
            await browser.close()
    return tallies


def _run_in_own_thread(coroutine_factory):
    result, failure = {}, []

    def target():
        try:
            result["value"] = asyncio.run(coroutine_factory())
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            failure.append(error)

    worker = threading.Thread(target=target, name="ten-browsers")
    worker.start()
    worker.join(timeout=600)
    if worker.is_alive():
        raise AssertionError("ten browser contexts did not finish within 10 minutes")
    if failure:
        raise failure[0]
    return result["value"]


def test_ten_people_in_ten_browsers_lose_nothing_and_the_trail_counts_it_all(shared_app, browser_report):
    owner, base, log, people = shared_app
    tallies = _run_in_own_thread(lambda: _everyone(base, people))

    problems = [problem for tally in tallies.values() for problem in tally.problems]
    assert problems == [], "\n".join(problems) + f"\n--- server log ---\n{log_tail(log)}"
    agents = [tallies[name] for name, role in people if role is Role.COLLECTIONS_AGENT]
    analysts = [tallies[name] for name, role in people if role is Role.CREDIT_ANALYST]
    claimed = [code for tally in agents for code in tally.claimed]
    assert len(claimed) == sum(tally.logged for tally in agents) == AGENTS * ROUNDS
    decided = sum(tally.decided for tally in analysts)
    assert decided + sum(tally.refused for tally in analysts) == ANALYSTS * ROUNDS
    assert decided >= 1

    names = [name for name, _ in people]
    with Session(owner) as session:
        audited = dict(session.execute(
            select(AuditLog.action, func.count()).where(AuditLog.actor.in_(names)).group_by(AuditLog.action)).all())
        contacts = session.scalar(select(func.count()).select_from(CollectionContact)
                                  .where(CollectionContact.agent.in_(names)))
        decisions = session.scalar(select(func.count()).select_from(CreditDecision)
                                   .where(CreditDecision.analyst.in_(names)))
        # Each account's story in the order it was written: a claim, then that agent's contact.
        # (A logged "no answer" may be called again the same day, by whoever claims it next.)
        story = session.execute(select(AuditLog.entity_id, AuditLog.action, AuditLog.actor, AuditLog.details)
                                .where(AuditLog.actor.in_(names), AuditLog.action.in_(["collections.claimed", "collections.contact_logged"]))
                                .order_by(AuditLog.id)).all()
        per_application = session.execute(select(CreditDecision.application_id, func.count())
                                          .where(CreditDecision.analyst.in_(names))
                                          .group_by(CreditDecision.application_id)
                                          .having(func.count() > 1)).all()
    by_account: dict[str, list[tuple[str, str]]] = {}
    for entity_id, action, actor, details in story:
        contract_id = int(json.loads(details)["contract_id"] if action.endswith("contact_logged") else entity_id)
        by_account.setdefault(contract_id, []).append((action, actor))
    held_twice = {contract_id: events for contract_id, events in by_account.items()
                  if events != [event for (_, who) in events[::2] for event in
                                (("collections.claimed", who), ("collections.contact_logged", who))]}
    assert held_twice == {}, "an account was held by two agents at once"
    assert sum(len(events) for events in by_account.values()) == 2 * len(claimed)
    assert contacts == AGENTS * ROUNDS and decisions == decided and per_application == []
    assert audited.get("auth.signed_in") == AGENTS + ANALYSTS
    assert audited.get("collections.claimed") == len(claimed)
    assert audited.get("collections.contact_logged") == contacts
    assert audited.get("collections.account_viewed") == len(claimed)  # each full record opened once
    assert audited.get("credit.decided") == decisions
    browser_report.append(f"ten browsers at once on PostgreSQL: {len(claimed)} claims and contacts, "
                          f"{decided} decisions, {ANALYSTS * ROUNDS - decided} refused as already decided")
