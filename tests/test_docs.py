"""Meta-tests: every setting is documented in the README; the README's commands exist."""

from pathlib import Path

from assistant.config import Settings, env_names

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme() -> None:
    names = [env for field in Settings.model_fields for env in env_names(field)]  # SLACK_BOT_TOKEN too
    assert names and [name for name in names if f"`{name}`" not in README] == []


def test_every_setting_has_a_description() -> None:
    assert [n for n, f in Settings.model_fields.items() if not f.description] == []


def test_readme_commands_exist_in_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test", "lint", "index", "eval", "serve", "bench"):
        assert f"\n{target}:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
