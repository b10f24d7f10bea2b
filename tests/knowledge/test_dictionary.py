"""Words cross languages through a general dictionary (CC-CEDICT), not only the glossary;
a question's translations lift the other language's words without diluting its own."""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from knowledge.search.dictionary import compile_dictionary, dictionary
from knowledge.search.index import DocumentRef, KnowledgeIndex
from knowledge.search.lexical import LanguageIndex
from knowledge.search.lexicon import Lexicon, lexicon

ENTRIES = """# CC-CEDICT sample
防守 防守 [fang2 shou3] /to defend/to protect (against)/
黑豹 黑豹 [hei1 bao4] /black panther/
王 王 [Wang2] /surname Wang/
王 王 [wang2] /king/monarch/
後衛 后卫 [hou4 wei4] /rear guard/backfield/defender (sports)/
防禦 防御 [fang2 yu4] /defense/to defend/
捍衛 捍卫 [han4 wei4] /to defend/to uphold/to safeguard/
防 防 [fang2] /to protect/to defend/to guard against/to prevent/
面 面 [mian4] /variant of 麵|面[mian4]/
長篇大論 长篇大论 [chang2 pian1 da4 lun4] /a very long speech that goes on and on about nothing/
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "cedict.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(ENTRIES)
    return path


def test_a_chinese_word_gets_its_short_glosses_and_never_a_surname_or_a_variant(sample: Path) -> None:
    compiled = compile_dictionary(sample, {})
    assert compiled.translations("防守") == ("defend", "protect")
    assert compiled.translations("王") == ("king", "monarch")  # "surname Wang" skipped
    assert "面" not in compiled.zh  # only a cross-reference
    assert "长篇大论" not in compiled.zh  # a long explanation is no translation


def test_an_english_word_gets_the_most_common_chinese_words_glossed_by_it_alone(sample: Path) -> None:
    frequency = {"防守": 900, "捍卫": 300, "防御": 500, "防": 2000, "黑豹": 10}
    compiled = compile_dictionary(sample, frequency)
    assert compiled.translations("defend") == ("防", "防守", "防御", "捍卫")
    assert "后卫" not in compiled.translations("defend")  # "defender (sports)" is another word


def test_the_installed_dictionary_translates_words_the_glossary_does_not_know() -> None:
    assert "defend" in dictionary().translations("防守")
    assert "生涯" in dictionary().translations("career")
    assert "defend" in lexicon().equivalents("防守")
    assert Lexicon(general=False).equivalents("防守") == set()


def test_translations_do_not_dilute_a_questions_coverage_of_its_own_language() -> None:
    corpus = [["contract", "invoice", "payment"], ["warranty", "defect", "fix"], ["team", "meeting"]]
    english = LanguageIndex(np.arange(3), corpus)
    words = ["invoice", "payment"]
    translated = [("invoice", ["发票"], ["发货单"]), ("payment", ["付款"], ["支付", "付"])]
    assert english.coverage(words, translated, "en") == pytest.approx(english.coverage(words)) == 1.0
    assert english.coverage(words + ["发票", "发货单", "付款", "支付", "付"]) < 0.5


def test_a_glossary_equivalent_counts_fully_across_languages_and_a_dictionary_one_less() -> None:
    english = LanguageIndex(np.arange(3), [["invoice", "payment"], ["warranty", "defect"], ["team"]])
    curated = english.coverage([], [("发票", ["invoice"], [])], "en")
    general = english.coverage([], [("发票", [], ["invoice"])], "en")
    unknown = english.coverage([], [("发票", [], ["receipt"])], "en")
    assert curated == 1.0 and 0 < general < curated and unknown == 0.0


def test_a_chinese_question_reaches_an_english_passage_by_its_words(tmp_path: Path) -> None:
    from knowledge.reading.chunking import Chunk
    from knowledge.search.retrieval import candidates

    index = KnowledgeIndex(tmp_path / "index")
    texts = ["The Panthers' defense gave up just 308 points, ranking sixth in the league.",
             "The river delta is home to many species of migrating birds each spring.",
             "The orchestra performed three symphonies during its autumn season."]
    for n, text in enumerate(texts, 1):
        index.add(DocumentRef(n, "s", f"Article {n}", f"a{n}.md", "X", 1), [Chunk(text, "", 0)])
    for question, article in (("三角洲每年春天有哪些鸟？", 2), ("乐团在秋季演奏了几部交响曲？", 3)):
        found, coverage = candidates(index, question, {"s"})
        by_words = max(found, key=lambda p: p.lexical)
        assert by_words.lexical > 0 and by_words.meta["doc_id"] == article, question
        assert coverage["en"] > 0.05  # and so the words, not only the encoder, have a say
