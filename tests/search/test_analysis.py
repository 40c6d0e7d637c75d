"""The analyzer: folding, no stemming, CJK bigrams, RTL scripts."""

from __future__ import annotations

from search_index.analysis import fold, index_terms
from search_index.query import build_match, long_tokens


def terms(text: str) -> list[str]:
    return [t for _pos, t in index_terms(text)]


def test_fold_case_accents_width_and_rtl_marks():
    assert fold("Café ÉCOLE") == "cafe ecole"
    assert fold("Straße") == "strasse"
    assert fold("ＡＢＣ") == "abc"
    assert fold("الْعَرَبِيَّة") == "العربية"
    assert fold("שָׁלוֹם") == "שלום"


def test_no_stemming_and_stopwords_kept_in_index():
    assert terms("running runs the") == ["running", "runs", "the"]


def test_cjk_runs_become_unigrams_and_bigrams():
    assert terms("永久链接") == ["永", "永久", "久", "久链", "链", "链接", "接"]
    assert terms("日本語 test") == ["日", "日本", "本", "本語", "語", "test"]


def test_mixed_script_run_is_split_by_script():
    assert terms("abc永久") == ["abc", "永", "永久", "久"]


def test_query_operators_and_short_tokens():
    assert long_tokens('+cache -"big" (ab) tok*en @user1') == ["cache", "user1"]
    assert build_match("ab cd").mode == "substring"
    assert build_match("about with").mode == "none"
    assert build_match("").mode == "all"
    assert build_match("cache ab").mode == "fulltext"
