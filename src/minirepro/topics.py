"""Topics: a small controlled vocabulary of methods and phenomena, and the chapters tagged with them.

The vocabulary is the ``topics`` list of ``book/catalogue.yaml`` (``id``, ``title``, ``kind``:
``method`` or ``phenomenon``); each chapter's paper entry lists a few ``topics`` by id. The topics
page (``book/topics.md``) is generated from both, and every chapter header links its topics there.
"""

from __future__ import annotations

from minirepro import book

KINDS = {"method": "Methods", "phenomenon": "Phenomena"}
PAGE = "topics.md"


def vocabulary(cat: dict) -> dict[str, dict]:
    """The catalogue's topics by id."""
    return {t["id"]: t for t in cat.get("topics", [])}


def problems(cat: dict) -> list[str]:
    """A tag outside the vocabulary, a chapter without tags, a topic no chapter has (empty when all is well)."""
    vocab, used, out = vocabulary(cat), set(), []
    for t in vocab.values():
        if t.get("kind") not in KINDS:
            out.append(f"topic {t['id']!r} has kind {t.get('kind')!r}; use one of {', '.join(KINDS)}")
    for p in cat["papers"]:
        if not p.get("chapter") or p["status"] not in book.WITH_CHAPTER:
            continue
        tags = p.get("topics") or []
        if not tags:
            out.append(f"chapter {p['chapter']} has no topics")
        for tag in tags:
            if tag not in vocab:
                out.append(f"chapter {p['chapter']} has topic {tag!r}, which is not in the vocabulary")
        used |= set(tags)
    out += [f"topic {t!r} has no chapter" for t in vocab if t not in used]
    return out


def header_line(paper: dict, cat: dict) -> str | None:
    """The header box's topic line: links to the topics page, or None when the paper has no topics."""
    vocab = vocabulary(cat)
    tags = [t for t in paper.get("topics") or [] if t in vocab]
    if not tags:
        return None
    return "**Topics:** " + " · ".join(f"{{ref}}`{vocab[t]['title']} <topic-{t}>`" for t in tags)


def render_page(cat: dict) -> str:
    """The Markdown of the topics page: for every topic, its chapters with their paper and status."""
    vocab = vocabulary(cat)
    papers = sorted((p for p in cat["papers"] if p.get("chapter") and p["status"] in book.WITH_CHAPTER),
                    key=lambda p: p["chapter"].split("/")[-1])
    lines = ["# Topics", "",
             "<!-- Generated from book/catalogue.yaml by `minirepro status --write`; do not edit by hand. -->", "",
             "Every chapter carries a few topics from a small vocabulary: the *methods* it uses to measure "
             "something and the *phenomena* it is about. Each chapter's header links its topics here.", ""]
    for kind, heading in KINDS.items():
        topics = sorted((t for t in vocab.values() if t["kind"] == kind), key=lambda t: t["title"].lower())
        lines += [f"## {heading}", ""]
        for t in topics:
            tagged = [p for p in papers if t["id"] in (p.get("topics") or [])]
            lines += [f"(topic-{t['id']})=", f"### {t['title']}", ""]
            lines += [f"- {{doc}}`/book/{p['chapter']}` ({p['title']}, {p.get('year') or 'n.d.'}; *{p['status']}*)"
                      for p in tagged]
            lines.append("")
    return "\n".join(lines)
