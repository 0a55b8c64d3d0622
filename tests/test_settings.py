import re

import pytest

from geo import settings
from geo.settings import ROOT


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(LIVCR_[A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert documented == {s.name for s in settings.ALL}
    assert all(s.help for s in settings.ALL)


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"## Test it\s+```bash\n(.+?)\n```", readme).group(1)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command


@pytest.mark.parametrize("value, expected", [("", "en"), ("  ", "en"), ("fr", "fr")])
def test_empty_setting_falls_back_to_default(monkeypatch, value, expected):
    monkeypatch.setenv("LIVCR_LANGUAGE", value)
    assert settings.LANGUAGE.read() == expected


def test_data_dir_setting_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("LIVCR_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="LIVCR_DATA_DIR=.*missing is not a directory"):
        settings.find_data_dir()
    monkeypatch.setenv("LIVCR_DATA_DIR", str(tmp_path))
    assert settings.find_data_dir() == tmp_path


def test_data_dir_falls_back_to_the_shipped_files(monkeypatch, tmp_path):
    monkeypatch.delenv("LIVCR_DATA_DIR", raising=False)
    monkeypatch.setattr(settings, "ROOT", tmp_path)  # a clone whose ./data holds no boundaries
    assert settings.find_data_dir() == settings.EMBEDDED_DATA_DIR
    (tmp_path / "data" / "boundaries").mkdir(parents=True)
    (tmp_path / "data" / "boundaries" / "mine.geojson").write_text("{}")
    assert settings.find_data_dir() == tmp_path / "data"
