"""Settings from the environment: a bad value stops start-up naming the variable and the fix."""

from __future__ import annotations

import pytest

from bot.errors import ConfigurationError
from bot.settings import Settings


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("DATABASE_URL", "mysql://shop", "use sqlite:///"),
        ("CONCIERGE_PUBLIC_URL", "chat.example.hk", "give the address customers use"),
        ("CONCIERGE_CHAT_RATE", "fast", "give two positive numbers"),
        ("CONCIERGE_SESSION_EVENTS", "5", "or 0 to never roll sessions over"),
        ("CONCIERGE_SESSION_EVENTS", "many", "at least 20"),
        ("REDIS_URL", "http://cache.internal:6379", "give redis://[:password@]host:port/db"),
        ("CONCIERGE_TRUSTED_PROXIES", "balancer.internal", "list the load balancers' addresses"),
    ],
)
def test_a_bad_value_names_the_variable_and_the_fix(name: str, value: str, words: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env({name: value})
    assert raised.value.key == name and raised.value.file == "environment" and words in str(raised.value)


def test_sessions_roll_over_after_60_events_unless_told_otherwise() -> None:
    assert Settings.from_env({}).session_events == 60
    assert Settings.from_env({"CONCIERGE_SESSION_EVENTS": "0"}).session_events == 0
    assert Settings.from_env({"CONCIERGE_SESSION_EVENTS": "200"}).as_environment()["CONCIERGE_SESSION_EVENTS"] == "200"


def test_a_redis_password_never_shows_in_the_refusal_or_the_settings_repr() -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env({"REDIS_URL": "redis://:s3cret@cache.internal:6379/zero"})
    assert "s3cret" not in str(raised.value)
    assert "s3cret" not in repr(Settings.from_env({"REDIS_URL": "redis://:s3cret@cache.internal:6379/0"}))
