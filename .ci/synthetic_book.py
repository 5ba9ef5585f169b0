"""How the book's tooling grows with the number of chapters, measured on synthetic copies of the book.

Run by hand (not part of ``make test``; a few minutes of both cores per size)::

    .venv/bin/python .ci/synthetic_book.py 27 100 250

For each size N it copies the checkout (the files git tracks or would track) into a temporary
folder and adds chapters cloned from the real ones, round robin, until there are N (a clone is
renamed, its title and figure label made unique, and it is listed in ``_toc.yml`` and the
catalogue), so that a clone weighs what a real chapter weighs: text, formulas, one or two PNG
figures. In that copy, with the copy's own ``minirepro`` package, it times the generated pages
(``minirepro status --write``, then ``--check`` as tests/test_book.py does), the structure and
catalogue tests, the strict book build (``make build``'s command) and a rebuild after editing one
chapter. Wall seconds depend on what else runs on the machine; CPU seconds (the commands and their
children) do not. Nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k not in ("MINIREPRO_SCALE", "MINIREPRO_SEED", "MINIREPRO_DEVICE")}


def real_chapters(book: Path) -> list[Path]:
    return sorted(p for p in book.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def clone(src: Path, dest: Path, copy: int) -> None:
    """``src`` as copy number ``copy``: the same cells, with a unique title and figure label."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        label = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
        if label:
            break
    text = json.dumps(nb, ensure_ascii=False, indent=1)
    if label:
        text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-copy{copy}", text)
    nb = json.loads(text)
    title, _, rest = "".join(nb["cells"][0]["source"]).partition("\n")
    nb["cells"][0]["source"] = f"{title} (copy {copy})\n{rest}"
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def make_book(n: int, out: Path) -> None:
    """A copy of the checkout with ``n`` chapters in ``out``."""
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           check=True, capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, out / name)
    real = real_chapters(out / "book")
    cat = yaml.safe_load((out / "book" / "catalogue.yaml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((out / "_toc.yml").read_text(encoding="utf-8"))
    by_doc = {p["chapter"]: p for p in cat["papers"] if p.get("chapter")}
    docs = []
    for k in range(max(0, n - len(real))):
        src, copy = real[k % len(real)], k // len(real) + 1
        dest = src.with_name(f"{src.stem}-copy{copy}.ipynb")  # next to it: its relative links still work
        clone(src, dest, copy)
        doc = dest.relative_to(out / "book").with_suffix("").as_posix()
        paper = dict(by_doc[src.relative_to(out / "book").with_suffix("").as_posix()])
        paper.update(n=10_000 + k, chapter=doc)
        cat["papers"].append(paper)
        docs.append(f"book/{doc}")
    for start in range(0, len(docs), 40):  # parts of 40 chapters, as the real ones will be
        toc["parts"].insert(-2, {"caption": f"Synthetic chapters {start // 40 + 1}",
                                 "chapters": [{"file": d} for d in docs[start:start + 40]]})
    catalogue = yaml.safe_dump(cat, sort_keys=False, allow_unicode=True)
    (out / "book" / "catalogue.yaml").write_text(catalogue, encoding="utf-8")
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def timed(cmd: list[str], root: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``cmd`` run in ``root`` with the copy's own package, and the last line it printed."""
    env = {**ENV, "MINIREPRO_ROOT": str(root), "PYTHONPATH": str(root / "src")}
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    lines = (done.stdout + done.stderr).strip().splitlines()
    return wall, cpu, f"exit {done.returncode}: {lines[-1][:100] if lines else ''}"


def measure(n: int, base: Path) -> dict[str, tuple[float, float, str]]:
    root = base / f"book-{n}"
    make_book(n, root)
    jb = [str(BIN / "jupyter-book"), "build", ".", "-n", "-W", "--keep-going", "--quiet"]
    cli = [sys.executable, "-c", "import sys; from minirepro.cli import main; sys.exit(main())"]
    steps = {
        "status --write": [*cli, "status", "--write"],
        "status --check": [*cli, "status", "--check"],
        "structure + catalogue tests": [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                                        "tests/test_chapters.py", "tests/test_book.py"],
        "book build": jb,
    }
    results = {step: timed(cmd, root) for step, cmd in steps.items()}
    edited = real_chapters(root / "book")[-1]
    nb = json.loads(edited.read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]) + "\n\nOne more sentence."
    edited.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    results["rebuild after editing one chapter"] = timed(jb, root)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="+", type=int, help="numbers of chapters, e.g. 27 100 250")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic books (their path is printed)")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="synthetic-book-"))
    print(f"synthetic books in {base}")
    for n in args.sizes:
        for step, (wall, cpu, last) in measure(n, base).items():
            print(f"{n:4d} chapters  {step:34s} {wall:6.1f} s wall {cpu:6.1f} s CPU  {last}", flush=True)
        pages = sum(1 for _ in (base / f"book-{n}" / "_build" / "html").rglob("*.html"))
        print(f"{n:4d} chapters  {pages} HTML pages built", flush=True)
    if not args.keep:
        subprocess.run(["rm", "-rf", str(base)], check=True)


if __name__ == "__main__":
    main()
