"""`assistant check` says which topics a corpus declines by name and where each comes from (no model)."""

from __future__ import annotations

from pathlib import Path

from assistant.check import check
from assistant.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_topics_declined_by_name_and_their_origin(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    own = check(settings, ROOT / "examples" / "clinic-en", index=False)
    assert own.error is None and own.topics["own"] and not own.topics["everyday"]
    assert "weather" in own.topics["off-topic"] and "weather" in own.to_dict()["topics"]["off-topic"]
    # a corpus without uncovered.yaml gets the everyday workplace topics
    bundled_without = check(settings, ROOT / "examples" / "customer-success", index=False)
    assert bundled_without.error is None
    assert "payroll" in bundled_without.topics["everyday"] and not bundled_without.topics["own"]
