"""An admin teaches the assistant a message it misunderstood, in the browser, while a customer keeps chatting.

A whole service on a copy of the project with a small, quick config (tests/cli/small_config.yml):
the first model is trained and evaluated through the command line, like any other, and served.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from bot.context import Context, build_context
from bot.db.models import AssistantModel, InboxMessage, ModelActivation
from bot.rasa.stack import Stack, free_port
from bot.settings import PROJECT_ROOT, Settings
from bot.staff.accounts import add_staff
from tests.browser.pages import Customer
from tests.conftest import make_settings, running_stack
from tests.staffing import PASSWORD
from tests.waiting import wait_until

NewContext = Callable[[], BrowserContext]
# Asking the opening hours the way a customer might, in words the small model has never seen. Which of them it
# falls back on moves with the training data, so the test asks the served model and takes the first that does.
HOURS_IN_OTHER_WORDS = (
    "wot o'clock do the doors unlock",
    "shutters up at wot time",
    "when r u lot letting ppl in",
    "doors unbolted when",
    "till wot time can i pop by",
)


def project_copy(root: Path) -> Path:
    """The Rasa project (domain, data, held-out split) with the small config, and a broken one beside it."""
    for name in ("domain.yml", "endpoints.yml", "credentials.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    shutil.copytree(PROJECT_ROOT / "tests" / "nlu", root / "tests" / "nlu")
    small = (PROJECT_ROOT / "tests" / "cli" / "small_config.yml").read_text(encoding="utf-8")
    (root / "config.yml").write_text(small, encoding="utf-8")
    # Deliberately broken: one epoch of learning, so most intents are never told apart.
    (root / "broken.yml").write_text(small.replace("epochs: 40", "epochs: 1"), encoding="utf-8")
    return root


def cli(settings: Settings, *args: str, config: str = "config.yml") -> subprocess.CompletedProcess[str]:
    """``python -m bot …`` on the test project's settings."""
    env = {**os.environ, **settings.as_environment(), "CONCIERGE_TRAINING_CONFIG": config}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=900)  # fmt: skip


@pytest.fixture(scope="module")
def admin_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The servers on the project copy, serving a first small model trained through the command line."""
    project = project_copy(tmp_path_factory.mktemp("project"))
    settings = dataclasses.replace(make_settings(tmp_path_factory.mktemp("admin-stack") / "var"), project_dir=project)
    first = cli(settings, "model", "retrain", "--by", "test set-up")
    assert first.returncode == 0, first.stdout + first.stderr
    ctx = build_context(settings)
    with ctx.sessions() as session, session.begin():
        add_staff(session, "ada", "Ada Admin", "admin", PASSWORD, ctx.policy)
        add_staff(session, "sam", "Sam Supervisor", "supervisor", PASSWORD, ctx.policy)
    with running_stack(settings, project / "models", web_port=free_port()) as servers:
        yield servers


def misunderstood(stack: Stack) -> str:
    """The first of ``HOURS_IN_OTHER_WORDS`` the served model falls back on."""
    for text in HOURS_IN_OTHER_WORDS:
        request = urllib.request.Request(f"{stack.rasa_url}/model/parse?token={stack.token}",
                                         data=json.dumps({"text": text}).encode(), method="POST")  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            if json.loads(response.read())["intent"]["name"] == "nlu_fallback":
                return text
    raise AssertionError(f"the small model understood every one of {HOURS_IN_OTHER_WORDS}")


def last_intent(stack: Stack, conversation: str) -> str:
    """The intent Rasa gave the customer's latest message in ``conversation``."""
    url = f"{stack.rasa_url}/conversations/{conversation}/tracker?token={stack.token}"
    with urllib.request.urlopen(url, timeout=10) as response:
        events = json.loads(response.read())["events"]
    return str([e for e in events if e["event"] == "user"][-1]["parse_data"]["intent"]["name"])


def sign_in_admin(page: Page, url: str) -> None:
    page.goto(url + "/staff/login")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button")
    expect(page.locator("h1")).to_contain_text("NLU inbox")


def label_group(page: Page, text: str, intent: str, example: str | None = None, new_name: str = "") -> str:
    """Fill in and send the label form of the group showing ``text``; returns the notice."""
    group = page.locator(".inbox-group", has_text=text)
    if example is not None:
        group.locator("input[name=text]").fill(example)
    group.locator("select[name=intent]").select_option(intent)
    group.locator("input[name=new_intent]").fill(new_name)
    with page.expect_navigation():
        group.locator("button.label").click()
    return page.locator("#notice").inner_text()


def wait_for_run(page: Page, timeout_ms: int = 600_000) -> None:
    """Watch the model page until the run ends (the page reloads itself then)."""
    expect(page.locator("#model-status")).not_to_have_text("training", timeout=timeout_ms)
    expect(page.locator("#model-status")).not_to_have_text("evaluating", timeout=timeout_ms)


def test_an_admin_labels_retrains_activates_mid_conversation_and_rolls_back(
    admin_stack: Stack, new_context: NewContext
) -> None:
    ctx: Context = build_context(admin_stack.settings)
    url = admin_stack.web_url

    # A customer asks something the served model does not understand; it lands in the inbox, in Rasa's words.
    customer = Customer(new_context().new_page(), url)
    unknown = misunderstood(admin_stack)  # the one text this test follows throughout
    assert "didn't quite understand" in customer.say(unknown)
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")
    assert last_intent(admin_stack, conversation) == "nlu_fallback"

    def captured() -> list[InboxMessage]:
        with ctx.sessions() as s:
            return list(s.scalars(select(InboxMessage).where(InboxMessage.conversation_id == conversation)).all())

    wait_until(lambda: captured(), timeout=30, what="the message in the NLU inbox")
    assert captured()[0].source == "fallback" and captured()[0].predicted_intent == "nlu_fallback"

    # Staff cannot reach the admin console; the admin sees the inbox.
    staff_page = new_context().new_page()
    staff_page.goto(url + "/staff/login")
    staff_page.fill("input[name=username]", "sam")
    staff_page.fill("input[name=password]", PASSWORD)
    staff_page.click("#login button")
    assert staff_page.goto(url + "/staff/admin").status == 403  # type: ignore[union-attr]
    admin = new_context().new_page()
    sign_in_admin(admin, url)

    def active_model() -> int | None:
        with ctx.sessions() as s:
            return s.scalars(select(AssistantModel.id).where(AssistantModel.active.is_(True))).first()

    first_id = wait_until(active_model, timeout=60, what="the served model in the registry")
    group = admin.locator(".inbox-group", has_text=unknown)
    expect(group).to_contain_text("nlu_fallback")

    # Bad labels are refused with a reason, and nothing is written.
    data_before = {p: p.read_text() for p in (admin_stack.settings.nlu_dir).glob("*.yml")}
    assert "choose an intent" in label_group(admin, unknown, "")
    assert "cannot be an intent name" in label_group(admin, unknown, "__new__", new_name="Store Hours!")
    assert "already an example of 'ask_store_info'" in label_group(admin, unknown, "greet", "opening hours?")
    assert {p: p.read_text() for p in (admin_stack.settings.nlu_dir).glob("*.yml")} == data_before

    # The right label goes into data/nlu/stores.yml; the group leaves the inbox.
    notice = label_group(admin, unknown, "ask_store_info", unknown)
    assert f"Added '{unknown}' to ask_store_info in nlu/stores.yml" in notice
    assert f"    - {unknown}\n" in (admin_stack.settings.nlu_dir / "stores.yml").read_text()
    expect(admin.locator(".inbox-group", has_text=unknown)).to_have_count(0)

    # Retrain from the console, once confirmed: only examples changed, so the model in service is fine-tuned (no
    # fine-tuning in the registry yet: the default wait); progress shows live (an epoch bar and the time left),
    # then the comparison with the active model.
    admin.goto(url + "/staff/admin/models")
    admin.click("#retrain")
    expect(admin.locator("#expected-time")).to_have_text("Retraining takes about 1 minute.")
    admin.click("#confirm-retrain")
    expect(admin.locator("#model-progress")).to_contain_text("Fine-tuning the active model", timeout=60_000)
    expect(admin.locator("#model-progress")).to_contain_text(re.compile(r"epoch \d+/4 [█░]+"), timeout=300_000)
    wait_for_run(admin)
    expect(admin.locator("#model-status")).to_have_text("ready")
    expect(admin.locator("#how-trained")).to_contain_text(re.compile(rf"fine-tuned from model {first_id} in \d+ s"))
    expect(admin.locator("#gate")).to_contain_text("passed")
    expect(admin.locator("#comparison")).to_contain_text("accuracy")
    new_model = int(admin.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0])

    # Activate while the customer keeps chatting: the customer's message is answered, not lost.
    admin.click("#activate", no_wait_after=True)
    assert customer.say("hello")
    expect(admin.locator("#notice")).to_contain_text(f"Model {new_model} is now answering customers", timeout=300_000)

    # The same message in the same conversation is now understood.
    customer.say(unknown)
    assert last_intent(admin_stack, conversation) == "ask_store_info"

    # A deliberately broken model (trained from the command line) is blocked by the regression gate.
    broken = cli(admin_stack.settings, "model", "retrain", "--full", "--by", "test", config="broken.yml")
    assert "gate: BLOCKED" in broken.stdout, broken.stdout + broken.stderr
    with ctx.sessions() as s:
        broken_id = s.scalars(select(AssistantModel.id).order_by(AssistantModel.id.desc())).first()
    refused = cli(admin_stack.settings, "model", "activate", str(broken_id), "--rasa-url", admin_stack.rasa_url)
    assert refused.returncode == 1 and "blocked by the regression gate" in refused.stderr
    admin.goto(f"{url}/staff/admin/models/{broken_id}")
    expect(admin.locator("#how-trained")).to_contain_text("trained in full")
    expect(admin.locator("#gate")).to_contain_text("blocked")
    expect(admin.locator("#activate")).to_contain_text("Override")

    # An admin may override the gate, with a reason (here from the command line).
    overridden = cli(admin_stack.settings, "model", "activate", str(broken_id), "--override", "trying it on purpose",
                     "--rasa-url", admin_stack.rasa_url)  # fmt: skip
    assert overridden.returncode == 0, overridden.stderr

    # Roll back in one click to the model in service before: the message is understood again.
    admin.goto(url + "/staff/admin/models")
    expect(admin.locator("#rollback-previous")).to_contain_text(f"Roll back to model {new_model}")
    admin.click("#rollback-previous")
    expect(admin.locator("#notice")).to_contain_text(f"model {new_model} is answering customers again", timeout=300_000)
    customer.say(unknown)
    assert last_intent(admin_stack, conversation) == "ask_store_info"

    # Roll back to the first model from the command line: the old behaviour is back.
    first_again = cli(admin_stack.settings, "model", "rollback", str(first_id), "--rasa-url", admin_stack.rasa_url)
    assert first_again.returncode == 0, first_again.stderr
    customer.say(unknown)
    assert last_intent(admin_stack, conversation) == "nlu_fallback"

    # The registry remembers every step, with who and why; the command line lists it.
    with ctx.sessions() as s:
        steps = [
            (a.model_id, a.kind, a.by, a.reason)
            for a in s.scalars(select(ModelActivation).order_by(ModelActivation.id))
        ]
        assert s.get(AssistantModel, broken_id).override_reason == "trying it on purpose"  # type: ignore[union-attr]
    assert [(m, k, b) for m, k, b, _ in steps] == [
        (first_id, "startup", "start-up"), (new_model, "activate", "Ada Admin"), (broken_id, "override", steps[2][2]),
        (new_model, "rollback", "Ada Admin"), (first_id, "rollback", steps[4][2]),
    ]  # fmt: skip
    listing = cli(admin_stack.settings, "model", "list")
    assert listing.returncode == 0 and f"model {broken_id} override by" in listing.stdout
