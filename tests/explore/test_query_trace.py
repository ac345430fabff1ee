"""Task references in either numeral system: `kg trace 003:9` is `kg trace 003:九` (issue 12, item 5)."""

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.explore.find import find_task
from kg.numerals import cn_to_int, number_value

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十二", 12), ("二十", 20), ("二十一", 21),
    ("一百零五", 105), ("两百", 200), ("二〇二五", 2025), ("", None), ("十百", None), ("九x", None),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


def test_number_value_reads_both_systems():
    assert number_value("9") == number_value("九") == number_value("９") == 9
    assert number_value(" 十二 ") == 12 and number_value("9a") is None


# 003 (忻州市…2024年行动计划) numbers its tasks （一）…（十一）: （九）推动“一泓清水入黄河”工程建设,
# （十一）强化水质监测预警; 000 (孟州市2025年碧水保卫战实施方案) numbers them 1. 2. …: 12. 严格入河排污口监督管理
@pytest.mark.parametrize("refs,title", [
    (["003:九", "003:9", "003 （九）", "003:(9)"], "推动“一泓清水入黄河”工程建设"),
    (["003:十一", "003:11"], "强化水质监测预警"),
    (["000:12", "000:十二"], "严格入河排污口监督管理"),
])
def test_either_numeral_finds_the_same_task(seed_build, store, refs, title):
    found = {find_task(store, ref) for ref in refs}
    assert len(found) == 1
    for ref in refs:
        r = kg("trace", ref, "--format", "json", "--build", seed_build)
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["task"]["title"] == title


def test_trace_cli_table_is_the_same_for_both(seed_build):
    a, b = kg("trace", "003:9", "--build", seed_build), kg("trace", "003:九", "--build", seed_build)
    assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout
    assert "task 九: 推动“一泓清水入黄河”工程建设" in a.stdout


def test_a_number_the_plan_lacks_is_still_an_error(seed_build):
    r = kg("trace", "003:十二", "--build", seed_build)  # 003 stops at （十一）
    assert r.exit_code == 2 and "no task matches" in r.stderr
