"""`minirepro new` (the chapter skeleton) and `minirepro lint` (the shape of a chapter)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from minirepro import book, cli, lint, scaffold

CATALOGUE = """\
# A comment that must survive.
parts:
- id: alpha
  title: Part alpha
  themes:
  - a
- id: beta
  title: Part beta
  themes:
  - b
topics:
- {id: toy, title: Toy models, kind: method}
papers:
- n: 1
  title: The first paper
  year: 2024
  arxiv: '2401.00001'
  theme: a
  part: alpha
  tier: A
  status: planned
- n: 2
  title: The second paper
  year: 2023
  arxiv: '2301.00002'
  theme: b
  part: beta
  tier: B
  status: planned
"""

TOC = """\
format: jb-book
root: book/intro
parts:
  - caption: Part alpha
    chapters:
      - file: book/alpha/index
  - caption: Using the book
    chapters:
      - file: book/status
"""

BIB = "@article{first2024,\n  author = {First, Fay},\n  title = {The first paper},\n  journal = {J},\n  year = {2024}\n}\n"

CHECK = """\
mr.check.less(0.01, 0.05, what="deviation from the theory")
mr.check.greater(0.9, 0.3, what="control: deviation without the mechanism")"""


@pytest.fixture
def draft_book(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "_toc.yml").write_text(TOC)
    (tmp_path / "book" / "alpha").mkdir(parents=True)
    (tmp_path / "book" / "alpha" / "index.md").write_text("# Part alpha\n")
    (tmp_path / "book" / "catalogue.yaml").write_text(CATALOGUE)
    (tmp_path / "book" / "references.bib").write_text(BIB)
    monkeypatch.setenv("MINIREPRO_ROOT", str(tmp_path))
    return tmp_path


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_writes_a_skeleton_and_lists_it(draft_book, capsys):
    assert cli.main(["new", "first-chapter", "--paper", "1"]) == 0
    assert "created book/alpha/first-chapter.ipynb" in capsys.readouterr().out
    toc = (draft_book / "_toc.yml").read_text()
    assert "      - file: book/alpha/index\n        sections:\n          - file: book/alpha/first-chapter\n" in toc
    cat = book.load_catalogue()
    assert cat["papers"][0]["chapter"] == "alpha/first-chapter" and cat["papers"][0]["status"] == "planned"
    assert (draft_book / "book" / "catalogue.yaml").read_text().startswith("# A comment that must survive.")
    nb = book.chapters()["first-chapter"].notebook()
    assert sum(lint.CHECK_TAG in c["metadata"].get("tags", []) for c in nb["cells"]) == 1
    assert any(c["metadata"].get("mystnb", {}).get("figure", {}).get("name") == "fig-first-chapter" for c in nb["cells"])
    assert cli.main(["lint", "first-chapter"]) == 1
    out = capsys.readouterr().out
    assert "TODO(new) placeholders left" in out and "runtime not recorded" in out
    assert "gallery panel not chosen yet" in out  # the placeholder in metadata.minirepro.gallery_panel
    assert f"  chapter: alpha/first-chapter\n  claim: '{scaffold.CLAIM}'\n" in (draft_book / "book" / "catalogue.yaml").read_text()
    assert "catalogue `claim` not written yet" in out


def test_new_opens_a_part_missing_from_the_table_of_contents(draft_book):
    assert cli.main(["new", "second-chapter", "--paper", "2"]) == 0
    toc = yaml.safe_load((draft_book / "_toc.yml").read_text())
    assert [p["caption"] for p in toc["parts"]] == ["Part alpha", "Part beta", "Using the book"]
    assert toc["parts"][1]["chapters"][0] == {"file": "book/beta/index",
                                              "sections": [{"file": "book/beta/second-chapter"}]}
    assert (draft_book / "book" / "beta" / "index.md").exists()


def test_new_with_another_part_moves_the_paper_there(draft_book):
    assert cli.main(["new", "moved", "--paper", "2", "--part", "alpha"]) == 0
    paper = book.load_catalogue()["papers"][1]
    assert (paper["part"], paper["chapter"]) == ("alpha", "alpha/moved")


@pytest.mark.parametrize("argv, message", [
    (["new", "first-chapter", "--paper", "2"], "exists already"),
    (["new", "other", "--paper", "99"], "no paper n=99"),
    (["new", "other", "--paper", "1"], "already has the chapter"),
    (["new", "Bad_Name", "--paper", "2"], "is not valid"),
    (["new", "other", "--paper", "2", "--part", "gamma"], "unknown part"),
])
def test_new_refuses_and_writes_nothing(draft_book, capsys, argv, message):
    assert cli.main(["new", "first-chapter", "--paper", "1"]) == 0
    before = _files(draft_book)
    capsys.readouterr()
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert _files(draft_book) == before


def _fill(path: Path) -> None:
    """What an author does: replace every placeholder, write a real check, finish the catalogue entry."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace("TODO(new)", "Written").replace("<bibkey>", "first2024")
        if lint.CHECK_TAG in cell.metadata.get("tags", []):
            cell.source = CHECK
        figure = cell.metadata.get("mystnb", {}).get("figure")
        if figure:
            figure["caption"] = figure["caption"].replace("TODO(new)", "Written")
    nb.metadata.minirepro.gallery_panel = [0.0, 0.0, 1.0, 1.0]  # a one-panel figure: all of it
    nbformat.write(nb, path)
    cat = path.parents[2] / "book" / "catalogue.yaml"
    cat.write_text(cat.read_text().replace(
        "  status: planned\n  chapter: alpha/first-chapter",
        "  status: reproduced\n  chapter: alpha/first-chapter\n  bibkey: first2024\n  scaled: a tiny model\n"
        "  topics: [toy]").replace(scaffold.CLAIM, "A tiny model shows the effect."))


@pytest.fixture(scope="module")
def executed_book(tmp_path_factory) -> Path:
    """A book whose skeleton was filled in and executed in place (once per module: it starts a kernel)."""
    root = tmp_path_factory.mktemp("executed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MINIREPRO_ROOT", str(root))
        (root / "_toc.yml").write_text(TOC)
        (root / "book" / "alpha").mkdir(parents=True)
        (root / "book" / "catalogue.yaml").write_text(CATALOGUE)
        (root / "book" / "references.bib").write_text(BIB)
        assert cli.main(["new", "first-chapter", "--paper", "1"]) == 0
        _fill(root / "book" / "alpha" / "first-chapter.ipynb")
        assert cli.main(["execute", "first-chapter"]) == 0
    return root


@pytest.fixture
def written_chapter(executed_book, tmp_path, monkeypatch, capsys) -> book.Chapter:
    """A fresh copy of the executed book's chapter: in shape, free to break."""
    shutil.copytree(executed_book, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("MINIREPRO_ROOT", str(tmp_path))
    capsys.readouterr()
    return book.chapters()["first-chapter"]


def test_a_filled_skeleton_passes_lint(written_chapter, capsys):
    assert lint.findings(written_chapter) == []
    assert cli.main(["lint", "first-chapter"]) == 0
    assert "alpha/first-chapter: in shape" in capsys.readouterr().out


def _broken(nb: dict, defect: str) -> dict:
    cells = nb["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    check = next(c for c in code if lint.CHECK_TAG in c["metadata"].get("tags", []))
    if defect == "claim":
        cells[0]["source"] = "".join(cells[0]["source"]).replace(":::{admonition} Claim", ":::{note}")
    elif defect == "control":
        check["source"] = "".join(check["source"]).replace("control: ", "")
        for out in check["outputs"]:
            out["text"] = "".join(out["text"]).replace("control: ", "")
    elif defect == "caption":
        next(c for c in code if c["metadata"].get("mystnb"))["metadata"]["mystnb"]["figure"]["caption"] = ""
    elif defect == "runtime":
        del nb["metadata"]["minirepro"]
    elif defect == "order":
        code[0]["execution_count"], code[1]["execution_count"] = 2, 1
    elif defect == "panel":
        nb["metadata"]["minirepro"]["gallery_panel"] = [0.6, 0.0, 0.4, 1.0]
    elif defect == "exercise":
        cells[-2]["source"] = "".join(cells[-2]["source"]).replace(":::{dropdown} Solution", ":::{note}", 1)
    return nb


@pytest.mark.parametrize("defect, finding", [
    ("claim", "no Claim admonition"),
    ("control", "check cell has no control line"),
    ("caption", "without caption"),
    ("runtime", "runtime not recorded"),
    ("order", "executed out of order"),
    ("exercise", "3 exercises but 2"),
    ("panel", "gallery panel [0.6, 0.0, 0.4, 1.0] is empty, inverted or too small"),
])
def test_lint_names_each_defect(written_chapter, defect, finding):
    nb = _broken(written_chapter.notebook(), defect)
    written_chapter.path.write_text(json.dumps(nb))
    found = lint.findings(written_chapter)
    assert len(found) == 1 and finding in found[0], found


def test_lint_asks_for_the_claim_of_a_reproduced_chapter(written_chapter):
    cat = book.root() / "book" / "catalogue.yaml"
    cat.write_text(cat.read_text().replace("  claim: 'A tiny model shows the effect.'\n", ""))
    assert lint.findings(written_chapter) == ["catalogue entry has no `claim` (one plain sentence for the part "
                                              "page and the gallery)"]


# ---------------------------------------------------------------- a part that outgrows the sidebar


def _big_catalogue(n_chapters: int, **extra) -> dict:
    """Part alpha with ``n_chapters`` chapters c01, c02, ... tagged by topic; part beta with one chapter."""
    tags = {1: ["hessian"], 2: ["ntk", "hessian"], 3: ["ntk"], 4: ["ntk"], 5: ["grokking"]}
    papers = [{"n": k, "part": "alpha", "status": "planned", "chapter": f"alpha/c{k:02d}",
               "topics": tags.get(k, ["scaling"] if k % 2 else ["hessian"])} for k in range(1, n_chapters + 1)]
    papers.append({"n": 99, "part": "beta", "status": "planned", "chapter": "beta/b01", "topics": ["ntk"]})
    for k, fields in extra.items():
        papers[int(k[1:]) - 1].update(fields)
    return {"parts": [{"id": "alpha", "title": "Part alpha"}, {"id": "beta", "title": "Part beta"}],
            "topics": [{"id": t, "title": t.title()} for t in ("hessian", "ntk", "grokking", "scaling")],
            "papers": papers}


def _big_toc(cat: dict) -> str:
    toc = TOC.replace("  - caption: Using the book", "  - caption: Part beta\n    chapters:\n      - file: book/beta/index\n"
                      "        sections:\n          - file: book/beta/b01\n  - caption: Using the book")
    for p in cat["papers"]:
        if p["part"] == "alpha":
            toc = scaffold.toc_with_chapter(toc, p["chapter"], cat["parts"][0], cat["parts"])
    return toc


def test_a_part_of_twelve_chapters_is_left_as_it_is():
    cat = _big_catalogue(12)
    toc = _big_toc(cat)
    assert scaffold.grouped_toc(toc, cat) == (toc, {})


def test_a_part_of_more_than_twelve_chapters_is_grouped_into_sections():
    cat = _big_catalogue(13, c06={"section": "basics"})
    cat["parts"][0]["sections"] = [{"id": "basics", "title": "The basics"}]
    toc, pages = scaffold.grouped_toc(_big_toc(cat), cat)
    parts = yaml.safe_load(toc)["parts"]
    assert [p["caption"] for p in parts] == ["Part alpha", "Part beta", "Using the book"]
    entries = parts[0]["chapters"]
    assert entries[0] == {"file": "book/alpha/index"}
    groups = {e["file"].rsplit("/", 1)[1]: [s["file"].rsplit("/", 1)[1] for s in e["sections"]] for e in entries[1:]}
    # the catalogue's sections first; then by the topic most chapters share; a lone chapter goes to "more"
    assert list(groups) == ["basics", "hessian", "ntk", "scaling", "more"]
    assert groups["basics"] == ["c06"]
    assert groups["hessian"] == ["c01", "c02", "c08", "c10", "c12"]  # c02 is tagged ntk too: hessian is commoner
    assert groups["ntk"] == ["c03", "c04"] and groups["scaling"] == ["c07", "c09", "c11", "c13"]
    assert groups["more"] == ["c05"]  # the only grokking chapter
    assert sorted(sum(groups.values(), [])) == [f"c{k:02d}" for k in range(1, 14)]  # each chapter once
    assert parts[1]["chapters"] == [{"file": "book/beta/index", "sections": [{"file": "book/beta/b01"}]}]
    assert set(pages) == {f"book/alpha/sections/{g}.md" for g in groups}
    assert pages["book/alpha/sections/basics.md"].startswith("# The basics\n")
    assert "```{tableofcontents}" in pages["book/alpha/sections/more.md"]
    assert scaffold.grouped_toc(toc, cat) == (toc, pages)  # grouping a grouped part changes nothing


def test_new_groups_the_part_when_its_thirteenth_chapter_arrives(draft_book):
    cat = _big_catalogue(12)
    text = (draft_book / "book" / "catalogue.yaml").read_text()
    text = text.replace("topics:\n- {id: toy, title: Toy models, kind: method}",
                        "topics:\n" + "".join(f"- {{id: {t['id']}, title: {t['title']}, kind: method}}\n"
                                               for t in cat["topics"]).rstrip("\n"))
    for p in cat["papers"][:12]:
        text += (f"- n: {p['n'] + 100}\n  title: Paper {p['n']}\n  year: 2024\n  arxiv: null\n  theme: a\n"
                 f"  part: alpha\n  tier: A\n  status: planned\n  chapter: {p['chapter']}\n  topics: {p['topics']}\n")
    (draft_book / "book" / "catalogue.yaml").write_text(text)
    (draft_book / "_toc.yml").write_text(_big_toc(cat).replace(
        "  - caption: Part beta\n    chapters:\n      - file: book/beta/index\n        sections:\n"
        "          - file: book/beta/b01\n", ""))
    assert cli.main(["new", "thirteenth", "--paper", "1"]) == 0
    entries = yaml.safe_load((draft_book / "_toc.yml").read_text())["parts"][0]["chapters"]
    assert entries[0] == {"file": "book/alpha/index"} and len(entries) > 2
    listed = [s["file"] for e in entries[1:] for s in e["sections"]]
    assert sorted(listed) == sorted([f"book/alpha/c{k:02d}" for k in range(1, 13)] + ["book/alpha/thirteenth"])
    assert all((draft_book / f"{e['file']}.md").is_file() for e in entries[1:])
