"""An admin's retrain fine-tunes the model in service when only examples changed, and trains in full when Rasa
cannot fine-tune (a new intent): real ``rasa train`` runs on a copy of the project with the small config."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.context import build_context
from bot.db.models import AssistantModel
from bot.settings import PROJECT_ROOT, Settings
from bot.training.labelled_data import add_example
from bot.training.registry import mark_active
from tests.conftest import make_settings

pytestmark = pytest.mark.servers  # trains real models


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """A private database and a copy of the project (data, domain, held-out split) with the small config."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", project / "data")
    shutil.copytree(PROJECT_ROOT / "tests" / "nlu", project / "tests" / "nlu")
    shutil.copy(PROJECT_ROOT / "domain.yml", project / "domain.yml")
    shutil.copy(PROJECT_ROOT / "tests" / "cli" / "small_config.yml", project / "config.yml")
    return dataclasses.replace(make_settings(tmp_path / "var"), project_dir=project)


def retrain(settings: Settings, *args: str) -> AssistantModel:
    """``python -m bot model retrain`` (it must succeed); the registry row it made, put in service."""
    env = {**os.environ, **settings.as_environment()}
    done = subprocess.run([sys.executable, "-m", "bot", "model", "retrain", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    context = build_context(settings)
    with context.sessions() as session, session.begin():
        model = session.scalars(select(AssistantModel).order_by(AssistantModel.id.desc())).first()
        assert model is not None
        mark_active(session, model.id, "test", "activate", "", context.now())  # as activating it would
        session.flush()
        session.expunge(model)
    model.progress = done.stdout  # what the admin saw
    return model


def test_new_examples_fine_tune_the_model_in_service_and_a_new_intent_trains_in_full(settings: Settings) -> None:
    first = retrain(settings)
    assert first.method == "full" and first.base_model_id is None  # nothing in service to fine-tune

    add_example(settings.nlu_dir, settings.domain_path, "ask_store_info", "wot o'clock do the doors unlock")
    tuned = retrain(settings)
    assert tuned.method == "fine-tuned" and tuned.base_model_id == first.id, tuned.progress
    assert "Fine-tuning the active model" in tuned.progress and "epoch" in tuned.progress
    assert tuned.status in ("ready", "blocked") and tuned.metrics  # evaluated and gated like any other

    add_example(settings.nlu_dir, settings.domain_path, "ask_gift_wrapping", "can u gift wrap it", new_intent=True)
    full = retrain(settings)
    assert full.method == "full" and full.base_model_id is None, full.progress
    assert "Cannot fine-tune" in full.progress and "training in full" in full.progress
    assert full.train_seconds is not None and tuned.train_seconds is not None
