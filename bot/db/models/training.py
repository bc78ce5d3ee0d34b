"""Teaching the assistant: the NLU inbox, the model registry and its activations."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Text

from bot.db.models.base import Base, UtcDateTime, utcnow


class InboxMessage(Base):
    """A customer message the assistant may have misunderstood, redacted, waiting for an admin's label."""

    __tablename__ = "nlu_inbox"
    id = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)  # redacted
    group_key = Column(String(200), nullable=False, index=True)  # the text folded, so repeats group together
    source = Column(String(20), nullable=False)  # unsure, fallback, flagged, low_rating
    predicted_intent = Column(String(80))
    confidence = Column(Float)
    conversation_id = Column(String(100), nullable=False, index=True)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    status = Column(String(12), nullable=False, default="open", index=True)  # open, labelled, dismissed
    labelled_intent = Column(String(80))
    decided_by = Column(String(80))
    decided_at = Column(UtcDateTime())


class AssistantModel(Base):
    """A trained model of the registry: how it was made, how it scored, whether it is the one serving."""

    __tablename__ = "assistant_models"
    id = Column(Integer, primary_key=True)
    file = Column(String(500))  # the .tar.gz, once trained
    data_fingerprint = Column(String(64), nullable=False)
    trained_by = Column(String(80), nullable=False)
    started_at = Column(UtcDateTime(), nullable=False, default=utcnow)
    finished_at = Column(UtcDateTime())
    status = Column(String(12), nullable=False)  # training, evaluating, ready, blocked, failed
    progress = Column(Text, nullable=False, default="")
    metrics = Column(Text)  # JSON evaluation on the held-out split
    comparison = Column(Text)  # JSON comparison with the model that was active when it was evaluated
    override_reason = Column(Text)
    active = Column(Boolean, nullable=False, default=False, index=True)
    # How it was trained: asked "auto" (fine-tune the active model when only examples changed) or "full";
    # once trained, "fine-tuned" (from base_model_id) or "full", and the seconds training took.
    method = Column(String(12), nullable=False, default="full", server_default="full")
    base_model_id = Column(Integer)
    train_seconds = Column(Float)


class ModelActivation(Base):
    """Every time a model was put in service: by whom, when, why (activation, override, rollback, start-up)."""

    __tablename__ = "model_activations"
    id = Column(Integer, primary_key=True)
    model_id = Column(Integer, ForeignKey("assistant_models.id"), nullable=False)
    by = Column(String(80), nullable=False)
    at = Column(UtcDateTime(), nullable=False, default=utcnow)
    kind = Column(String(12), nullable=False)  # activate, override, rollback, startup
    reason = Column(Text, nullable=False, default="")
