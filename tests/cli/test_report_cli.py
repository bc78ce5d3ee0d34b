"""``python -m bot report`` prints a period's figures beside the previous period's, as text or CSV; ``set-branch``."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.context import build_context
from bot.db.models import StaffMember
from bot.settings import PROJECT_ROOT, Settings
from bot.staff.accounts import add_staff
from tests.conftest import make_settings
from tests.quality.history import seed_history


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings.as_environment()}
    return subprocess.run([sys.executable, "-m", "bot", "report", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_report_of_christmas_week_from_the_command_line(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    seed_history(build_context(settings))
    shown = cli(settings, "--from", "2026-12-21", "--to", "2026-12-27")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Service quality, 21 Dec 2026 to 27 Dec 2026 (previous: 14 Dec 2026 to 20 Dec 2026)"
    rows = {line[:56].strip(): line[56:].split() for line in lines if line.startswith("  ") and len(line) > 56}
    assert rows["Conversations begun"] == ["6", "3"]
    assert rows["Customers who asked for a person"] == ["5", "0"]
    assert rows["Median first response (business minutes)"] == ["10.5", "—"]
    assert rows["Cases settled"] == ["2", "1"]
    assert rows["Settled, HK$ in all"] == ["5,000", "200"]
    assert rows["Satisfaction (share of ratings 4 or 5)"] == ["66.7%", "0.0%"]
    assert any(line.startswith("  MISSED Chat") and "Served by the assistant alone" in line for line in lines)

    mong_kok = cli(settings, "--from", "2026-12-21", "--to", "2026-12-27", "--unit", "mong_kok", "--csv")
    assert mong_kok.returncode == 0, mong_kok.stderr
    table = list(csv.DictReader(io.StringIO(mong_kok.stdout)))
    by_name = {row["name"]: row for row in table}
    assert by_name["Cases settled"]["this_period"] == "1" and by_name["Conversations begun"]["this_period"] == ""
    assert {row["name"].split(":")[0] for row in table if row["section"] == "criterion"} == {"Mong Kok"}


def test_a_bad_period_unit_or_role_is_refused_with_the_fix(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    build_context(settings)
    for args, words in [
        (("--from", "2026-12-21"), "give both --from and --to"),
        (("--from", "21/12/2026", "--to", "2026-12-27"), "YYYY-MM-DD"),
        (("--from", "2026-12-27", "--to", "2026-12-21"), "ends (2026-12-21) before it starts"),
        (("--unit", "kowloon_bay"), "--unit is one of central, chat, mong_kok, online"),
        (("--role", "ceo"), "--role is one of customer_service_officer"),
    ]:
        refused = cli(settings, *args)
        assert refused.returncode == 2 and words in refused.stderr, (args, refused.stderr)


def test_a_store_manager_is_given_their_branch_from_the_command_line(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    context = build_context(settings)
    with context.sessions() as s, s.begin():
        add_staff(s, "kit", "Kit Lam", "store_manager", "a long password", context.policy)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **settings.as_environment()}
        return subprocess.run([sys.executable, "-m", "bot", "set-branch", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    done = run("kit", "mong_kok")
    assert done.returncode == 0 and done.stdout.strip() == "Kit Lam works at Mong Kok."
    with context.sessions() as s:
        assert s.scalars(select(StaffMember.branch).where(StaffMember.username == "kit")).one() == "mong_kok"
    wrong = run("kit", "kowloon_bay")
    assert wrong.returncode == 2 and "'kowloon_bay' is not a branch" in wrong.stderr and "mong_kok" in wrong.stderr
    nobody = run("nobody", "central")
    assert nobody.returncode == 2 and "there is no staff login 'nobody'" in nobody.stderr
