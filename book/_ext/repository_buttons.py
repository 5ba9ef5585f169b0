"""Switch the repository, issues, edit and launch buttons on only when a repository URL is set.

Set ``repository.url`` in ``_config.yml`` (e.g. when the book is published from a public
repository) and the buttons appear; with an empty URL they stay off instead of pointing
nowhere.
"""

BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")


def _configure(app, config):
    options = dict(config.html_theme_options or {})
    has_repository = bool(options.get("repository_url"))
    for key in BUTTONS:
        options[key] = has_repository
    if not has_repository:
        options["launch_buttons"] = {}
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _configure, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
