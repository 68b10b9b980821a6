"""The installed package carries the attribution of the lists it embeds."""

from importlib import resources


def test_installed_package_ships_notice():
    notice = (resources.files("esafety") / "NOTICE").read_text(encoding="utf-8")
    assert "UT1" in notice
    assert "CC BY-SA 4.0" in notice
