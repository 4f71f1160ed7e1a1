"""Parts a template states apart from their whole (records/declared_parts.py, checked by NR03):
the 政府采购 paragraph of a 决算.  Passages written for these tests in the two template shapes
(上海: 预留项目 / 其他项目; national: 授予中小企业 / 小微企业合同金额)."""

from __future__ import annotations

from extractor import pipeline

SHANGHAI = """（二）政府采购支出情况

某某局2024年度政府采购金额（以合同签订为准）为{total}万元，其中：货物采购金额{total}万元、工程采购金额0万元、服务采购金额0万元。

2024年度本部门面向中小企业预留政府采购项目预算金额{reserved}万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额{reserved}万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额{reserved}万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额{other}万元。
"""

NATIONAL = (
    "2024年度某某局政府采购支出总额1967.42万元，其中：政府采购货物支出171.7万元、政府采购服务"
    "支出1795.72万元。授予中小企业合同金额{sme}万元，占政府采购支出总额的{pct}%，其中：授予小微"
    "企业合同金额{small}万元。\n"
)


def _nr03(tmp_path, text: str):
    path = tmp_path / "fa.txt"
    path.write_text(text, encoding="utf-8")
    report = pipeline.check(path)
    declared = [b for b in report.breakdowns if b.declared]
    return declared, [f for f in report.findings if f.code == "NR03"]


def test_sme_shares_that_exceed_the_procurement_total_are_found(tmp_path):
    declared, found = _nr03(
        tmp_path, SHANGHAI.format(total="21.07", reserved="21.07", other="21.07")
    )
    assert [(b.total.raw, [p.raw for p in b.parts]) for b in declared] == [
        ("21.07万元", ["21.07万元", "21.07万元"])
    ]  # the 小微 amount inside the reserved projects is not a third part
    (f,) = found
    assert f.severity == "warning" and "21.07万元+21.07万元" in f.message


def test_sme_shares_that_fit_are_silent(tmp_path):
    declared, found = _nr03(
        tmp_path, SHANGHAI.format(total="2319.21", reserved="225.10", other="0.00")
    )
    assert declared and not found


def test_the_national_template_chain_of_shares(tmp_path):
    declared, found = _nr03(tmp_path, NATIONAL.format(sme="1820.69", pct="92.54", small="1015.5"))
    assert {b.label for b in declared} == {
        "政府采购支出中授予中小企业的合同",
        "授予中小企业合同中授予小微企业的部分",
    }
    assert not found
    _, found = _nr03(tmp_path, NATIONAL.format(sme="1820.69", pct="92.54", small="1915.5"))
    assert len(found) == 1 and "1915.5" in found[0].message  # 小微 above all SME contracts
