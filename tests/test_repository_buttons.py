"""Repository, issues, edit and launch buttons appear only when a repository URL is configured."""

import importlib.util
from types import SimpleNamespace

from minirepro import book

spec = importlib.util.spec_from_file_location("repository_buttons", book.root() / "book" / "_ext" / "repository_buttons.py")
buttons = importlib.util.module_from_spec(spec)
spec.loader.exec_module(buttons)


def test_buttons_are_off_without_a_repository_url():
    config = SimpleNamespace(html_theme_options={"repository_url": "", "use_download_button": True,
                                                 "launch_buttons": {"binderhub_url": "x"}})
    buttons._configure(None, config)
    assert not any(config.html_theme_options[k] for k in buttons.BUTTONS)
    assert config.html_theme_options["launch_buttons"] == {}
    assert config.html_theme_options["use_download_button"] is True


def test_buttons_are_on_with_a_repository_url():
    config = SimpleNamespace(html_theme_options={"repository_url": "https://example.org/book"})
    buttons._configure(None, config)
    assert all(config.html_theme_options[k] for k in buttons.BUTTONS)
