"""The typed config file: every option in TOML, checked before any long work starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import cli
from exporter.config import ExportConfig, apply_overrides, load_config
from exporter.errors import ConfigError

FULL = """
[export]
url = "https://forum.example.com"
out = "forum-export"
[crawl]
rate = 4
concurrency = 2
user_agent = "archive-bot/1.0"
fetch_media = false
[build]
audience = "public"
base_url = "https://archive.example.org"
posts_per_page = 25
[index]
full = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "jetonomy.toml"
    path.write_text(text, "utf-8")
    return path


def test_full_file_loads_typed(tmp_path: Path):
    config = load_config(write(tmp_path, FULL)).validate()
    assert config.export.out == Path("forum-export")
    assert config.crawl.rate == 4.0 and isinstance(config.crawl.rate, float)
    assert config.crawl.fetch_media is False
    assert config.build.base_url == "https://archive.example.org"
    assert config.build.to_options().posts_per_page == 25
    assert config.index.full is True


@pytest.mark.parametrize("text, key, fix", [
    ("[crawl]\nratee = 4\n", "crawl.ratee", "did you mean 'rate'"),
    ("[crawler]\nrate = 4\n", "[crawler]", "did you mean 'crawl'"),
    ("[crawl]\nrate = \"fast\"\n", "crawl.rate", "rate = 4.0"),
    ("[crawl]\nconcurrency = 1.5\n", "crawl.concurrency", "concurrency = 2"),
    ("[build]\nforce = \"yes\"\n", "build.force", "force = true"),
    ("[index]\nenabled = 1\n", "index.enabled", "enabled = true"),
])
def test_bad_keys_and_types_name_the_key(tmp_path: Path, text: str, key: str, fix: str):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert key in err.value.cause
    assert fix in err.value.fix


@pytest.mark.parametrize("text, key", [
    ('[export]\nurl = "ftp://forum.example.com"\n', "export.url"),
    ('[export]\nurl = "forum.example.com"\n', "export.url"),
    ('[export]\nurl = "https://f.example"\n[build]\naudience = "everyone"\n', "build.audience"),
    ('[export]\nurl = "https://f.example"\n[crawl]\nconcurrency = 0\n', "crawl: --concurrency"),
    ('[export]\nurl = "https://f.example"\n[build]\nbase_url = "mirror.example"\n', "build:"),
    ('[export]\nurl = "https://f.example"\n[build]\ntheme = "/no/such/theme"\n', "build: theme"),
])
def test_validate_names_the_bad_value(tmp_path: Path, text: str, key: str):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text)).validate()
    assert key in err.value.cause


def test_invalid_toml_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[crawl\nrate = 4"))


def test_command_line_overrides_the_file(tmp_path: Path):
    config = load_config(write(tmp_path, FULL))
    config = apply_overrides(config, crawl={"rate": 1.0, "concurrency": None},
                             build={"base_url": "https://other.example"})
    assert config.crawl.rate == 1.0 and config.crawl.concurrency == 2
    assert config.build.base_url == "https://other.example"
    assert config.crawl.user_agent == "archive-bot/1.0"


def test_cli_refuses_before_any_work(tmp_path: Path):
    """A bad config stops the command with exit code 2 before a folder is created or a
    request is made (the URL is a closed port: a crawl attempt would fail differently)."""
    out = tmp_path / "out"
    bad = write(tmp_path, '[export]\nurl = "http://127.0.0.1:9"\n[build]\naudience = "everyone"\n')
    result = CliRunner().invoke(cli, ["export", "--config", str(bad), "--out", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    assert "build.audience" in result.output
    assert not out.exists()


def test_cli_option_fixes_a_bad_file_value(tmp_path: Path):
    """Command-line options win: ``--audience public`` overrides the file's bad value, so the
    run gets as far as the network (closed port → a crawl error, exit 1, not a usage error)."""
    bad = write(tmp_path, '[export]\nurl = "http://127.0.0.1:9"\n[build]\naudience = "everyone"\n'
                          '[crawl]\nretries = 0\ntimeout = 2\n')
    result = CliRunner().invoke(cli, ["export", "--config", str(bad), "--out", str(tmp_path / "o"),
                                      "--audience", "public", "--quiet"])
    assert result.exit_code == 1, result.output
    assert "audience" not in result.output


def test_defaults_are_valid_with_a_url():
    config = ExportConfig()
    with pytest.raises(ConfigError, match="export.url"):
        config.validate()
    assert apply_overrides(config, export={"url": "https://forum.example.com"}).validate()
