"""A report read in part says so where a person looks: on stderr when ``perfscore extract`` runs,
and at the top of the YAML it writes (and under ``_notes:``, which scoring ignores)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from perfscore import api, cli
from perfscore.engine.reports import readers

_LINE = "2022年“三公”经费支出决算为6.4万元，其中公务接待费1.4万元。\n"


@pytest.fixture
def long_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 400)  # a long report, in miniature
    path = tmp_path / "long.txt"
    path.write_text(_LINE * 40, encoding="utf-8")
    return path


def test_the_yaml_says_at_its_top_what_was_not_read(long_report: Path):
    text = api.extraction_yaml(api.extract(long_report))
    assert text.splitlines()[2].startswith("# 注意：只读取了部分正文")
    document = yaml.safe_load(text)
    assert document["_notes"] and "partial result" in document["_notes"][0]
    assert document["sangong_actual"] == 6.4


def test_the_command_warns_on_stderr(long_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "long.yaml"
    assert cli.main(["extract", str(long_report), "-o", str(out)]) == 0
    assert "[警告] 只读取了部分正文" in capsys.readouterr().err
    assert "# 注意：只读取了部分正文" in out.read_text(encoding="utf-8")


def test_a_whole_report_has_no_note(tmp_path: Path):
    path = tmp_path / "short.txt"
    path.write_text(_LINE, encoding="utf-8")
    text = api.extraction_yaml(api.extract(path))
    assert "注意" not in text and "_notes" not in yaml.safe_load(text)
