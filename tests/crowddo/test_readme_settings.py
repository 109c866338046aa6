"""Every environment variable the settings read is documented in the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r'(?:env_bool|env_int|env_float|env_list|environ\.get|getenv)\(\s*"([A-Z][A-Z0-9_]+)"')


def test_every_setting_read_from_the_environment_is_in_the_readme():
    names = set()
    for path in (ROOT / "crowddo").glob("*.py"):
        names |= set(READS.findall(path.read_text()))
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
            "EMAIL_URL"} <= names
    readme = (ROOT / "README.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert missing == [], f"document these settings in the README: {missing}"


def test_every_management_command_is_in_the_readme():
    commands = {p.stem for p in ROOT.glob("*/management/commands/*.py")
                if not p.stem.startswith("_")}
    readme = (ROOT / "README.md").read_text()
    missing = sorted(c for c in commands if f"manage.py {c}" not in readme)
    assert missing == [], f"document these commands in the README: {missing}"
