"""The number reader on peers' own CNY-money and percent test cases (issue 13).

The cases were imported from JioNLP, Recognizers-Text and Duckling
(evaluation/data/peers.yaml, each with its repository, commit and file); the issue's bar
is 0.9 for money and for percent.
"""

from __future__ import annotations

import yaml

from evaluation import peers


def test_every_case_names_its_source():
    cases = yaml.safe_load(peers.DATA.read_text(encoding="utf-8"))
    assert len(cases) >= 200
    for case in cases:
        repo, _, rest = case["source"].partition("@")
        commit, _, path = rest.partition(":")
        assert repo in {"dongrixinyu/JioNLP", "microsoft/Recognizers-Text", "facebook/duckling"}
        assert len(commit) == 12 and path


def test_money_and_percent_at_least_nine_in_ten():
    res = peers.score()
    assert res["money"]["n"] >= 70 and res["percent"]["n"] >= 150
    assert res["money"]["accuracy"] >= 0.9, res["money"]
    assert res["percent"]["accuracy"] >= 0.9, res["percent"]
