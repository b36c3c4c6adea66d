"""The seeded topic list is the same in migration 0013's data step and in the app (which
`flask demo load` seeds when absent), and each seeded topic has its outcome indicator."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from app.teams.indicators import INDICATORS
from app.teams.topics import SEED_TOPICS

MIGRATION = Path(__file__).parents[2] / "migrations/versions/0013_teams_reports.py"


def test_the_migration_seeds_the_apps_topic_list() -> None:
    spec = importlib.util.spec_from_file_location("migration_0013", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SEED_TOPICS == tuple(tuple(topic) for topic in SEED_TOPICS)


def test_one_outcome_indicator_per_seeded_topic() -> None:
    codes = {item.code for item in INDICATORS}
    assert {f"teams.outcome_{topic.code}" for topic in SEED_TOPICS} <= codes
    assert len(codes) == len(INDICATORS) == 5 + len(SEED_TOPICS)
