"""Run settings: defaults, then claimledger.toml or pyproject.toml's [tool.claimledger], then flags."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.models.errors import BadSettings
from claimledger.outputs.cli import app
from claimledger.outputs.settings import RunOptions, load_options

runner = CliRunner()


def test_no_settings_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_options(tmp_path) == RunOptions()


def test_claimledger_toml_sets_what_no_flag_gives(tmp_path: Path) -> None:
    (tmp_path / "claimledger.toml").write_text('policy = "earliest"\ntimeout = 30\nstrict = true\n')
    options = load_options(tmp_path, timeout=5.0, strict=None, policy=None)
    assert (options.policy, options.timeout, options.strict, options.memory_mb) == ("earliest", 5.0, True, 2048)


def test_pyproject_tool_table_is_read_when_there_is_no_claimledger_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.claimledger]\nmemory_mb = 512\n')
    assert load_options(tmp_path).memory_mb == 512


@pytest.mark.parametrize("body,cause", [
    ('polcy = "earliest"\n', "unknown setting 'polcy'"),
    ('timeout = "fast"\n', "timeout = 'fast' is not a number"),
    ('strict = 1\n', "strict = 1 is not true or false"),
    ('policy = "newest"\n', "policy 'newest': choose one of"),
    ('timeout = 0\n', "timeout must be a positive number"),
    ('policy = \n', "not valid TOML"),
])
def test_a_bad_setting_names_the_file_and_the_key(tmp_path: Path, body: str, cause: str) -> None:
    (tmp_path / "claimledger.toml").write_text(body)
    with pytest.raises(BadSettings) as err:
        load_options(tmp_path)
    assert str(err.value).startswith(str(tmp_path / "claimledger.toml") + ": ") and cause in str(err.value)


def test_the_cli_reports_a_bad_setting_in_one_line_and_writes_nothing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claimledger.toml").write_text('policy = "newest"\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "claimledger.toml: policy 'newest'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_flag_is_a_one_line_error_too(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--out", str(tmp_path / "out"), "--policy", "newest"])
    assert result.exit_code == 1 and "policy 'newest': choose one of" in result.stderr
