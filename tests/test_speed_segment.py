"""The label segmenter's one backward pass (issue 18) gives jieba's words on generated text:
ties between routes, words jieba lacks, letters and digits between Han characters."""

from __future__ import annotations

import logging
import random

import jieba

from extractor import segment

POOL = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
    "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
    "与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
    "者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    "预算绩效自评报告项目支出收入决算资金执行率完成万元百分点个人次户"
    "abcXYZ0123456789.%-_+#& 　\t"
)


def test_generated_text_cut_as_jieba_cuts_it() -> None:
    jieba.setLogLevel(logging.WARNING)
    rng = random.Random(18)
    for _ in range(3000):
        text = "".join(rng.choice(POOL) for _ in range(rng.randint(1, 60)))
        assert segment.cut(text) == jieba.lcut(text, HMM=False), text


def test_sizes_are_the_lengths_of_a_characters_words() -> None:
    table, _, _, longest = segment._table()
    words = table.bucket("预")
    assert table.sizes("预") == tuple(sorted({len(w) for w in words}))
    assert table.longest("预") == max(map(len, words)) <= longest


def test_ties_go_as_jiebas_do(tmp_path, monkeypatch) -> None:
    """Words of equal frequency make routes of equal score (甲乙|丙丁 or 甲乙丙|丁): the walk
    takes the one jieba takes, on a small dictionary given to both."""
    import math

    words = [
        "甲乙 1 n",
        "丙丁 1 n",
        "甲乙丙 1 n",
        "丁 1 n",
        "乙丙 1 n",
        "甲 1 n",
        "戊 0 n",
        "戊己 1 n",
    ]
    path = tmp_path / "dict.txt"
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    table, tags = segment._parse(path.read_text(encoding="utf-8"))
    logtotal = math.log(sum(v >> segment.TAG_BITS for v in table.values()))
    small = (segment._table_of(*segment._pack(table)), tags, logtotal, max(map(len, table)))
    monkeypatch.setattr(segment, "_table", lambda: small)
    tokenizer = jieba.Tokenizer(dictionary=str(path))
    tokenizer.tmp_dir = str(tmp_path)
    jieba.setLogLevel(logging.WARNING)
    rng = random.Random(18)
    for text in ["甲乙丙丁", "甲乙丙丁甲乙丙丁", "戊己甲乙丙", "乙丙丁戊"] + [
        "".join(rng.choice("甲乙丙丁戊己") for _ in range(rng.randint(1, 12))) for _ in range(500)
    ]:
        assert segment._walk(text) == tokenizer.lcut(text, HMM=False), text
