"""`kg stats` counts agree with the gold obligations (agency load) and with SPARQL (classes)."""

import json

from typer.testing import CliRunner

from conftest import GOLD, SEEDS
from kg.cli import app


def test_top_agency_load_matches_gold(store):
    from kg.explore.stats import stats

    s = stats(store)
    load = 0
    for name in SEEDS:
        g = json.loads((GOLD / "obligations" / f"{name[:-4]}.json").read_text(encoding="utf-8"))
        load += sum(1 for t in g["tasks"].values() if any(o["unit"] == "市生态环境分局" for o in t["obligations"]))
    assert s.agencies[0][:3] == ("市生态环境分局", "孟州市", load)
    assert dict(s.classes)["pol:Task"] == 91
    assert s.components == 3  # Mengzhou, Jiaozuo and Xinzhou plans share no agency


def test_stats_cli(seed_build):
    r = CliRunner().invoke(app, ["stats", "--build", str(seed_build)])
    assert r.exit_code == 0 and "市生态环境分局" in r.stdout
