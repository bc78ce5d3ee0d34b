"""One frozen settings object, built from the environment and failing loudly on bad values."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where things are and how to reach them.

    Attributes:
        var_dir: runtime files (SQLite databases, the data key, logs).
        database_url: the application database; SQLite under ``var_dir`` by default.
        policy_path: the organization policy file.
        data_key: a Fernet key for personal data, or ``None`` to use ``var_dir/data.key``.
        public_url: where customers and staff reach the gateway; console links in webhooks use it, and
            console cookies are marked ``Secure`` when it is ``https://``.
        project_dir: the Rasa project (config, domain, data) that admins label into and retrain from.
        training_config: the Rasa config retraining uses, relative to ``project_dir`` unless absolute.
        chat_rate: messages one chat may send at once, and per second after that (more are refused).
        session_events: a conversation's Rasa session this long starts afresh between turns, its slots
            carried over (Rasa's cost per message grows with the session); 0 never rolls over.
        chat_origins: the web sites whose pages may open a chat (the shop's own, where the widget is embedded),
            besides the gateway's own address.
        smtp_password: the password of the mail server that writes to customers (``CONCIERGE_SMTP_PASSWORD``),
            if ``notifications.customer_updates.smtp`` signs in.
        redis_url: the Redis server several gateways and Rasa servers share (``REDIS_URL``): live chat across
            gateways, timers run once, Rasa's conversation lock; ``None`` for one gateway on one machine.
        trusted_proxies: the addresses of the load balancers in front of the gateways
            (``CONCIERGE_TRUSTED_PROXIES``): only from them is ``X-Forwarded-For`` believed.
    """

    var_dir: Path
    database_url: str
    policy_path: Path
    data_key: str | None
    public_url: str = "http://127.0.0.1:8080"
    project_dir: Path = PROJECT_ROOT
    training_config: str = "config.yml"
    chat_rate: tuple[float, float] = (20.0, 1.0)
    session_events: int = 60
    chat_origins: tuple[str, ...] = ()
    smtp_password: str | None = field(default=None, repr=False)
    redis_url: str | None = field(default=None, repr=False)  # may carry a password
    trusted_proxies: tuple[str, ...] = ()

    @property
    def tracker_url(self) -> str:
        """Where Rasa keeps conversations: ``var/tracker.db``, or the application's PostgreSQL database."""
        if self.database_url.startswith("sqlite"):
            return f"sqlite:///{self.var_dir / 'tracker.db'}"
        return self.database_url

    @property
    def nlu_dir(self) -> Path:
        """The NLU training data, one file per topic."""
        return self.project_dir / "data" / "nlu"

    @property
    def domain_path(self) -> Path:
        """Rasa's domain file."""
        return self.project_dir / "domain.yml"

    @property
    def held_out_dir(self) -> Path:
        """The held-out NLU split that models are evaluated on and never trained on."""
        return self.project_dir / "tests" / "nlu"

    @property
    def models_dir(self) -> Path:
        """Where trained models are kept."""
        return self.project_dir / "models"

    @property
    def config_path(self) -> Path:
        """The Rasa config retraining uses."""
        return self.project_dir / self.training_config

    @property
    def secure_cookies(self) -> bool:
        """Whether the console's cookies may only travel over HTTPS."""
        return self.public_url.startswith("https://")

    def as_environment(self) -> dict[str, str]:
        """These settings as the environment variables ``from_env`` reads, for a child process."""
        env = {
            "CONCIERGE_VAR_DIR": str(self.var_dir),
            "DATABASE_URL": self.database_url,
            "CONCIERGE_POLICY": str(self.policy_path),
            "CONCIERGE_PUBLIC_URL": self.public_url,
            "CONCIERGE_PROJECT_DIR": str(self.project_dir),
            "CONCIERGE_TRAINING_CONFIG": self.training_config,
            "CONCIERGE_CHAT_RATE": f"{self.chat_rate[0]:g},{self.chat_rate[1]:g}",
            "CONCIERGE_CHAT_ORIGINS": ",".join(self.chat_origins),
            "CONCIERGE_SESSION_EVENTS": str(self.session_events),
        }
        if self.data_key:
            env["CONCIERGE_DATA_KEY"] = self.data_key
        if self.smtp_password:
            env["CONCIERGE_SMTP_PASSWORD"] = self.smtp_password
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        if self.trusted_proxies:
            env["CONCIERGE_TRUSTED_PROXIES"] = ",".join(self.trusted_proxies)
        return env

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read ``CONCIERGE_VAR_DIR``, ``DATABASE_URL``, ``CONCIERGE_POLICY``, ``CONCIERGE_DATA_KEY`` and the rest."""
        env = os.environ if env is None else env
        var_dir = Path(env.get("CONCIERGE_VAR_DIR") or PROJECT_ROOT / "var").resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'concierge.db'}"
        if database_url.startswith("postgres://"):
            database_url = "postgresql://" + database_url[len("postgres://") :]
        if not database_url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg2://")):
            raise ConfigurationError(
                "environment",
                "DATABASE_URL",
                f"unsupported URL '{database_url.split(':', 1)[0]}:…'",
                "use sqlite:///path/to/file.db or postgresql://user:password@host/dbname",
            )
        policy_path = Path(env.get("CONCIERGE_POLICY") or PROJECT_ROOT / "organization.yml")
        public_url = (env.get("CONCIERGE_PUBLIC_URL") or "http://127.0.0.1:8080").rstrip("/")
        if not public_url.startswith(("http://", "https://")):
            raise ConfigurationError(
                "environment", "CONCIERGE_PUBLIC_URL", f"'{public_url}' is not an address",
                "give the address customers use, such as https://chat.example.hk",
            )  # fmt: skip
        project_dir = Path(env.get("CONCIERGE_PROJECT_DIR") or PROJECT_ROOT).resolve()
        training_config = env.get("CONCIERGE_TRAINING_CONFIG") or "config.yml"
        if not (project_dir / training_config).is_file():
            raise ConfigurationError(
                "environment", "CONCIERGE_TRAINING_CONFIG", f"'{project_dir / training_config}' is not a file",
                "name a Rasa config file (config.yml by default), relative to CONCIERGE_PROJECT_DIR or absolute",
            )  # fmt: skip
        try:
            burst, per_second = (float(part) for part in (env.get("CONCIERGE_CHAT_RATE") or "20,1").split(","))
            if burst < 1 or per_second <= 0:
                raise ValueError
        except ValueError:
            raise ConfigurationError(
                "environment", "CONCIERGE_CHAT_RATE", f"'{env.get('CONCIERGE_CHAT_RATE')}' is not 'burst,per_second'",
                "give two positive numbers, such as 20,1 (twenty messages at once, then one a second)",
            ) from None  # fmt: skip
        try:
            session_events = int(env.get("CONCIERGE_SESSION_EVENTS") or "60")
            if session_events and session_events < 20:
                raise ValueError
        except ValueError:
            raise ConfigurationError(
                "environment", "CONCIERGE_SESSION_EVENTS",
                f"'{env.get('CONCIERGE_SESSION_EVENTS')}' is not 0 or a whole number of at least 20",
                "give the number of events after which a conversation's Rasa session starts afresh (60 by default), "
                "or 0 to never roll sessions over",
            ) from None  # fmt: skip
        chat_origins = tuple(o.strip().rstrip("/") for o in (env.get("CONCIERGE_CHAT_ORIGINS") or "").split(",")
                             if o.strip())  # fmt: skip
        for origin in chat_origins:
            if not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ConfigurationError(
                    "environment", "CONCIERGE_CHAT_ORIGINS", f"'{origin}' is not an origin",
                    "list the shop's web sites that embed the widget, comma-separated, such as "
                    "https://www.goldenharbour.hk,https://shop.goldenharbour.hk (scheme and host, no path)",
                )  # fmt: skip
        redis_url = env.get("REDIS_URL") or None
        if redis_url and not re.fullmatch(r"(rediss?://[^/\s]+(/\d+)?|unix:///\S+)", redis_url):
            raise ConfigurationError(
                "environment", "REDIS_URL", f"'{redis_url.split('@')[-1]}' is not a Redis address",
                "give redis://[:password@]host:port/db (rediss:// for TLS), or unset it for one gateway on one machine",
            )  # fmt: skip
        trusted_proxies = tuple(p.strip() for p in (env.get("CONCIERGE_TRUSTED_PROXIES") or "").split(",") if p.strip())
        for proxy in trusted_proxies:
            if not re.fullmatch(r"[0-9a-fA-F.:]+", proxy):
                raise ConfigurationError(
                    "environment", "CONCIERGE_TRUSTED_PROXIES", f"'{proxy}' is not an IP address",
                    "list the load balancers' addresses, comma-separated, such as 127.0.0.1,10.0.0.5",
                )  # fmt: skip
        return cls(
            var_dir=var_dir,
            database_url=database_url,
            policy_path=policy_path,
            data_key=env.get("CONCIERGE_DATA_KEY") or None,
            public_url=public_url,
            project_dir=project_dir,
            training_config=training_config,
            chat_rate=(burst, per_second),
            session_events=session_events,
            chat_origins=chat_origins,
            smtp_password=env.get("CONCIERGE_SMTP_PASSWORD") or None,
            redis_url=redis_url,
            trusted_proxies=trusted_proxies,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings.from_env()


def keep_private(var_dir: Path) -> None:
    """Make ``var_dir`` and everything in it readable by this user only (0700 folders, 0600 files).

    It holds the databases, the data key, the Rasa token and the logs: anyone who can read them could resume
    chats or undo the encryption at rest. New files are private too, through the umask the processes set.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(var_dir, 0o700)
    for path in var_dir.rglob("*"):
        try:
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
        except OSError:  # a file another process just removed (a journal, a rotated log)
            continue
