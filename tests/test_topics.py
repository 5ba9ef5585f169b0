"""Topics: the controlled vocabulary, the tags of the chapters and the generated topics page."""

from minirepro import book, topics

VOCAB = [{"id": "ntk", "title": "Neural tangent kernel", "kind": "method"},
         {"id": "grokking", "title": "Grokking", "kind": "phenomenon"}]


def _cat(*papers: dict) -> dict:
    return {"topics": VOCAB, "papers": list(papers)}


def _paper(n: int, tags: list[str], status: str = "reproduced") -> dict:
    return {"n": n, "title": f"Paper {n}", "year": 2024, "status": status, "chapter": f"part/ch{n}", "topics": tags}


def test_the_book_has_no_topic_problems():
    assert topics.problems(book.load_catalogue()) == []


def test_a_tag_outside_the_vocabulary_is_rejected():
    found = topics.problems(_cat(_paper(1, ["ntk", "hessian"]), _paper(2, ["grokking"])))
    assert found == ["chapter part/ch1 has topic 'hessian', which is not in the vocabulary"]


def test_a_topic_without_chapter_and_a_chapter_without_topics_are_rejected():
    found = topics.problems(_cat(_paper(1, ["ntk"]), _paper(2, []), _paper(3, ["grokking"], status="planned")))
    assert found == ["chapter part/ch2 has no topics", "topic 'grokking' has no chapter"]


def test_page_lists_each_topic_with_its_chapters_and_headers_link_them():
    cat = _cat(_paper(1, ["ntk", "grokking"]), _paper(2, ["grokking"]))
    page = topics.render_page(cat)
    methods, phenomena = page.split("## Methods")[1].split("## Phenomena")
    assert "(topic-ntk)=\n### Neural tangent kernel" in methods and "{doc}`/book/part/ch1`" in methods
    assert "{doc}`/book/part/ch2`" not in methods
    assert phenomena.count("{doc}`/book/part/ch") == 2
    assert topics.header_line(cat["papers"][0], cat) == \
        "**Topics:** {ref}`Neural tangent kernel <topic-ntk>` · {ref}`Grokking <topic-grokking>`"
    assert topics.header_line({"topics": []}, cat) is None
