"""The `minirepro` command, on a tiny throw-away book (see conftest.py)."""

import json
import os
import stat

import nbformat
import pytest

from minirepro import cli


def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_chapters_status_and_runtime(tiny_book, capsys):
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    assert "tiny-chapter" in out and "reproduced" in out and "A tiny paper (2024)" in out
    assert "failing-chapter" in out and "not reproduced" in out


def test_unknown_chapter_suggests_close_names(tiny_book, capsys):
    code, out, err = run_cli(capsys, "run", "tiny-chaptr")
    assert code == 2 and out == ""
    assert err.startswith("minirepro: error: unknown chapter 'tiny-chaptr'; did you mean tiny-chapter")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv, message", [
    (("run", "tiny-chapter", "--scale", "huge"), "--scale 'huge' is not valid; use one of: book, paper"),
    (("run", "tiny-chapter", "--seed", "-3"), "--seed '-3' is not valid"),
    (("run", "tiny-chapter", "--seed", "x"), "--seed 'x' is not valid"),
])
def test_bad_input_is_one_line_and_exit_code_2(tiny_book, capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_unknown_command_is_one_line_and_exit_code_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["frobnicate"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "invalid choice" in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder_is_exit_code_2(tiny_book, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    code, _, err = run_cli(capsys, "run", "tiny-chapter", "--out", str(locked / "out"))
    assert code == 2 and "cannot write to output folder" in err


def test_output_path_that_is_a_file_is_exit_code_2(tiny_book, tmp_path, capsys):
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, err = run_cli(capsys, "run", "tiny-chapter", "--out", str(target))
    assert code == 2 and "is not a folder" in err
    assert target.read_text() == "x"


def test_run_exports_notebook_figures_and_provenance(tiny_book, tmp_path, capsys):
    chapter = tiny_book / "book" / "tiny" / "tiny-chapter.ipynb"
    before = chapter.read_bytes()
    out_dir = tmp_path / "out"
    code, out, err = run_cli(capsys, "run", "tiny-chapter", "--scale", "paper", "--seed", "5", "--out", str(out_dir))
    assert code == 0, err
    assert chapter.read_bytes() == before, "the committed notebook must not change"
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == ["fig-tiny.pdf", "fig-tiny.png", "provenance.json", "tiny-chapter.ipynb"]
    assert (out_dir / "fig-tiny.png").read_bytes()[:4] == b"\x89PNG"
    assert (out_dir / "fig-tiny.pdf").read_bytes()[:4] == b"%PDF"
    prov = json.loads((out_dir / "provenance.json").read_text())
    assert prov["scale"] == "paper" and prov["seed"] == 5 and prov["reproduction_check"] == "passed"
    assert prov["versions"]["torch"].startswith("2.13.0") and prov["wall_seconds"] > 0
    assert "git_commit" in prov
    assert prov["checks"] == [{"what": "tiny deviation", "kind": "less", "value": 0.01, "bound": [0.05],
                               "expected": "< 0.05", "passed": True}]
    executed = nbformat.read(out_dir / "tiny-chapter.ipynb", as_version=4)
    assert executed.cells[1].outputs[0].text == "scale=paper seed=5 device=cpu\n"
    assert "reproduction check passed" in out


def test_failing_chapter_reports_the_cell_and_writes_nothing(tiny_book, tmp_path, capsys):
    out_dir = tmp_path / "out"
    code, out, err = run_cli(capsys, "run", "failing-chapter", "--out", str(out_dir))
    assert code == 1
    assert "cell 3 failed: AssertionError: reproduction check failed: seed = 0 (expected > 100)" in err
    assert "mr.check.greater(run.seed, 100" in err
    assert not out_dir.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_execute_updates_the_notebook_in_place_and_records_runtime(tiny_book, capsys, monkeypatch):
    (tiny_book / "book" / "status.md").write_text("stale")
    monkeypatch.setenv("MINIREPRO_SEED", "9")  # `execute` always runs the committed configuration
    code, out, err = run_cli(capsys, "execute", "tiny-chapter")
    assert code == 0, err
    nb = nbformat.read(tiny_book / "book" / "tiny" / "tiny-chapter.ipynb", as_version=4)
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]
    assert nb.cells[1].outputs[0].text == "scale=book seed=0 device=cpu\n"
    assert nb.metadata.minirepro.runtime_seconds > 0
    assert (tiny_book / "book" / "status.md").read_text().startswith("# Reproduction status")


def test_status_check_detects_a_stale_page(tiny_book, capsys):
    assert run_cli(capsys, "status", "--write")[0] == 0
    assert run_cli(capsys, "status", "--check")[0] == 0
    (tiny_book / "book" / "status.md").write_text("stale")
    code, _, err = run_cli(capsys, "status", "--check")
    assert code == 1 and "out of date" in err


def test_progress_is_shown_on_a_terminal_only():
    import io

    import nbformat as nbf

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert cli._progress(io.StringIO()) is None
    screen = Terminal()
    show = cli._progress(screen)
    show(1, 4, nbf.v4.new_code_cell("\n# train the network\nx = 1"))
    assert screen.getvalue().endswith("[2/4] # train the network")


@pytest.mark.parametrize("typed, suggested", [("grokin", "grokking-progress-measures"), ("ntk", "neural-tangent-kernel"),
                                              ("scaling", "solvable-scaling-laws"), ("gitrebasin", "git-re-basin")])
def test_suggestions_match_prefixes_substrings_initials_and_spellings(typed, suggested):
    names = ["git-re-basin", "grokking-progress-measures", "neural-tangent-kernel", "solvable-scaling-laws",
             "dynamical-scaling-laws", "deep-linear-dynamics"]
    assert suggested in cli._suggestions(typed, names)
    assert cli._suggestions("zzzz", names) == []


def test_list_filters_by_part_and_status(tiny_book, capsys):
    assert cli.main(["list", "--status", "not reproduced"]) == 0
    out = capsys.readouterr().out
    assert "failing-chapter" in out and "tiny-chapter" not in out
    assert cli.main(["list", "--part", "nowhere"]) == 2


def test_list_filters_by_topic(tiny_book, capsys):
    import yaml

    path = tiny_book / "book" / "catalogue.yaml"
    cat = yaml.safe_load(path.read_text())
    cat["topics"] = [{"id": "toy", "title": "Toy models", "kind": "method"}]
    cat["papers"][0]["topics"] = ["toy"]
    path.write_text(yaml.safe_dump(cat))
    assert cli.main(["list", "--topic", "toy"]) == 0
    out = capsys.readouterr().out
    assert "tiny-chapter" in out and "failing-chapter" not in out
    assert cli.main(["list", "--topic", "nope"]) == 2
