"""The organization policy loads, and a bad file is refused with its file, key and fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.errors import ConfigurationError
from bot.settings import PROJECT_ROOT
from bot.shop.policy_loader import load_policy

DEMO = yaml.safe_load((PROJECT_ROOT / "organization.yml").read_text(encoding="utf-8"))


def test_the_demo_policy_loads() -> None:
    policy = load_policy(PROJECT_ROOT / "organization.yml")
    assert len(policy.branches) >= 3
    assert {r.id for r in policy.roles} >= {"customer_service_officer", "supervisor", "store_manager"}
    assert policy.privacy.collection_statement.version


def test_the_policy_in_chinese_has_the_shops_chinese_texts_and_the_same_rules() -> None:
    policy = load_policy(PROJECT_ROOT / "organization.yml")
    chinese = policy.in_("zh")
    assert (chinese.branch("mong_kok").name, chinese.branch("mong_kok").address) == ("旺角", "九龍旺角彌敦道688號地下")
    assert chinese.privacy.collection_statement.text.startswith("收集你的資料前")
    assert chinese.privacy.collection_statement.version == policy.privacy.collection_statement.version
    assert [s.price_hkd for s in chinese.services] == [s.price_hkd for s in policy.services]
    assert chinese.branch("mong_kok").hours == policy.branch("mong_kok").hours
    assert policy.in_("en") is policy and policy.branch("mong_kok").name == "Mong Kok"
    assert "九龍旺角彌敦道688號地下" in policy.own_contacts  # the shop's Chinese address is not personal data


def _broken(change: str) -> dict:
    data = yaml.safe_load((PROJECT_ROOT / "organization.yml").read_text(encoding="utf-8"))
    exec(change, {"data": data})
    return data


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ("data['branches'][2]['hours']['sun'] = '25:00-26:00'", "branches[mong_kok].hours.sun", "HH:MM-HH:MM"),
        (
            "data['branches'][0]['hours']['mon'] = '20:00-10:00'",
            "branches[central].hours.mon",
            "closes before it opens",
        ),
        ("del data['branches'][1]['phone']", "branches[tsim_sha_tsui].phone", "add the key"),
        (
            "data['roles'][1]['max_settlement_hkd'] = -5",
            "roles[supervisor].max_settlement_hkd",
            "greater than or equal",
        ),
        ("data['roles'][0]['remedies'].append('cash')", "roles[customer_service_officer].remedies[3]", "permitted"),
        ("data['routing']['severity_role'] = 'ceo'", "routing.severity_role", "'ceo' is not a role id"),
        ("data['sla'].pop('supervisor')", "sla", "supervisor"),
        ("data['organization']['timezone'] = 'Mars/Base'", "organization.timezone", "unknown time zone"),
        ("data['services'][0]['price_hkd'] = 'cheap'", "services[battery_replacement].price_hkd", "whole number"),
        ("data['branches'] = []", "branches", "at least one"),
        ("data['colour'] = 'gold'", "colour", "remove the key"),
        ("data['privacy']['access_request_days'] = 60", "privacy.access_request_days", "40"),
        ("del data['branches'][0]['zh']['address']", "branches[central].zh.address", "in Chinese"),
        ("del data['services'][1]['zh']", "services[watch_servicing].zh", "add the key"),
        (
            "data['privacy']['collection_statement']['zh']['text'] = ''",
            "privacy.collection_statement.zh.text",
            "at least 1 character",
        ),
        ("data['holidays'][0]['zh'] = {}", "holidays[0].zh.name", "in Chinese"),
        ("data['payment']['zh']['methods'].pop()", "payment.zh", "10 in English, 9 in Chinese"),
        ("del data['zh']", "zh", "add the key"),
        ("data['performance_criteria']['kowloon_bay'] = {}", "performance_criteria.kowloon_bay", "not a business unit"),
        (
            "data['performance_criteria']['central']['fallback_at_most'] = 0.1",
            "performance_criteria.central.fallback_at_most",
            "chat only",
        ),
        ("data['performance_criteria']['chat']['satisfaction'] = 80", "performance_criteria.chat.satisfaction", "1"),
        (
            "data['performance_criteria']['chat']['first_response'] = {'minutes': 3}",
            "performance_criteria.chat.first_response.share",
            "add the key",
        ),
        ("data['performance_criteria']['online']['nps'] = 50", "performance_criteria.online.nps", "remove the key"),
        ("data['quality_dashboard']['own_branch'] = ['ceo']", "quality_dashboard.own_branch", "'ceo' is not a role"),
    ],
)
def test_a_bad_policy_names_file_key_and_fix(tmp_path: Path, change: str, key: str, words: str) -> None:
    path = tmp_path / "organization.yml"
    path.write_text(yaml.safe_dump(_broken(change), allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError) as raised:
        load_policy(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {key}:"), message
    assert words in message, message
    assert "Fix:" in message


def test_a_missing_or_unparsable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        load_policy(tmp_path / "nowhere.yml")
    bad = tmp_path / "organization.yml"
    bad.write_text("branches: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"\(syntax\): not valid YAML"):
        load_policy(bad)


def test_a_file_that_is_not_utf8_is_refused_with_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "organization.yml"
    path.write_bytes((PROJECT_ROOT / "organization.yml").read_bytes().replace(b"Golden Harbour", "金港".encode("big5")))
    with pytest.raises(ConfigurationError, match="save it as UTF-8"):
        load_policy(path)
