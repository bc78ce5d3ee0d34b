"""The services' shared context: settings, policy, data vault and sessions, built once on first use.

The policy is re-read when ``organization.yml`` changes on disk, so a shop's edit takes effect
without a restart; an edit that does not validate is logged and the last good policy stays.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, session_factory
from bot.db.key_check import check_data_key
from bot.db.migrate import upgrade
from bot.errors import ConfigurationError
from bot.privacy.crypto import DataVault, key_source, load_key
from bot.settings import Settings, get_settings, keep_private
from bot.shop.policy import Policy
from bot.shop.policy_loader import load_policy

log = logging.getLogger(__name__)


@dataclass
class _PolicyFile:
    settings: Settings
    policy: Policy
    mtime: float
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> Policy:
        try:
            mtime = self.settings.policy_path.stat().st_mtime
        except OSError:
            return self.policy
        if mtime != self.mtime:
            with self.lock:
                if mtime != self.mtime:
                    try:
                        self.policy = load_policy(self.settings.policy_path)
                        log.info("reloaded %s", self.settings.policy_path)
                    except ConfigurationError as exc:
                        log.error("kept the previous policy: %s", exc)
                    self.mtime = mtime
        return self.policy


@dataclass(frozen=True)
class Context:
    """What a service call needs besides its arguments."""

    settings: Settings
    vault: DataVault
    sessions: sessionmaker[Session]
    _policy_file: _PolicyFile

    @property
    def policy(self) -> Policy:
        """The organization policy as the file holds it now."""
        return self._policy_file.current()

    def now(self) -> dt.datetime:
        """The current moment, aware."""
        return dt.datetime.now(dt.timezone.utc)

    def today(self) -> dt.date:
        """Today in the shop's time zone."""
        return self.now().astimezone(self.policy.zone).date()


def build_context(settings: Settings) -> Context:
    """Load the policy, the key and the database for ``settings`` (fails loudly on bad configuration).

    The database is upgraded to the newest schema, and the key checked against it: a key other than the
    one the database was written with stops here, before anything is shown or written with it.
    """
    mtime = settings.policy_path.stat().st_mtime if settings.policy_path.exists() else 0.0
    policy = load_policy(settings.policy_path)
    smtp = policy.notifications.customer_updates.smtp
    if smtp is not None and smtp.username and not settings.smtp_password:
        raise ConfigurationError(
            "environment", "CONCIERGE_SMTP_PASSWORD",
            f"{settings.policy_path.name} signs in to {smtp.host} as '{smtp.username}' but no password is given",
            "export CONCIERGE_SMTP_PASSWORD, or remove notifications.customer_updates.smtp.username",
        )  # fmt: skip
    keep_private(settings.var_dir)
    vault = DataVault(load_key(settings.data_key, settings.var_dir))
    engine = make_engine(settings)
    try:
        upgrade(engine)
        check_data_key(engine, vault, key_source(settings.data_key, settings.var_dir))
    except BaseException:
        engine.dispose()
        raise
    return Context(settings, vault, session_factory(engine, vault), _PolicyFile(settings, policy, mtime))


@lru_cache(maxsize=1)
def get_context() -> Context:
    """The process-wide context on the environment's settings."""
    return build_context(get_settings())
