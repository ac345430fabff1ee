"""`kg vocab`: the ontology's terms read from the build's ontology graph, as tables, JSON and Turtle."""

import json
from importlib import resources

from rdflib import Graph, Namespace
from typer.testing import CliRunner

from kg.cli import app
from kg.explore.vocab import ontology_turtle, packaged_ontology, vocabulary

runner = CliRunner()
POL = Namespace("https://w3id.org/policy-kg/ontology#")


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def by_name(terms):
    return {t.name: t for t in terms}


def test_terms_carry_labels_domains_ranges_and_parents(store):
    terms = by_name(vocabulary(store))
    lead = terms["pol:leadUnit"]  # policy.ttl: 牵头单位 / lead unit, Task → Unit, ⊑ pol:involvesUnit
    assert (lead.kind, lead.label_zh, lead.label_en, lead.domain, lead.range) == (
        "object property", "牵头单位", "lead unit", "pol:Task", "pol:Unit")
    assert lead.parents == "pol:involvesUnit" and "leads it" in lead.comment
    year = terms["pol:year"]
    assert (year.kind, year.label_zh, year.range) == ("datatype property", "年度", "xsd:integer")
    task = terms["pol:Task"]
    assert (task.kind, task.label_zh, task.label_en) == ("class", "任务", "Task")
    assert task.parents == "eli:LegalResourceSubdivision, prov:Entity"
    assert terms["pol:cites"].domain == "pol:PolicyDocument | pol:Task"  # an owl:unionOf domain
    assert terms["pol:Lead"].kind == "individual" and terms["pol:Lead"].label_zh == "牵头"


def test_every_ontology_term_is_listed_once_with_both_labels(store):
    g = Graph().parse(source=resources.files("kg") / "ontology" / "policy.ttl", format="turtle")
    declared = {str(s) for s in g.subjects() if str(s).startswith(str(POL))}
    terms = vocabulary(store)
    assert {t.iri for t in terms} == declared and len(terms) == len(declared)
    assert all(t.label_zh and t.label_en for t in terms)
    kinds = [t.kind for t in terms]
    assert kinds == sorted(kinds, key=["class", "object property", "datatype property", "individual"].index)


def test_packaged_ontology_gives_the_same_terms(store):
    assert vocabulary(packaged_ontology()) == vocabulary(store)


def test_turtle_is_the_ontology_graph(store):
    g = Graph().parse(data=ontology_turtle(store), format="turtle")
    ref = Graph().parse(source=resources.files("kg") / "ontology" / "policy.ttl", format="turtle")
    assert len(g) == len(ref)
    assert (POL.leadUnit, Namespace("http://www.w3.org/2000/01/rdf-schema#").subPropertyOf, POL.involvesUnit) in g


def test_cli_formats(seed_build):
    r = kg("vocab", "--build", seed_build)
    assert r.exit_code == 0
    line = next(ln for ln in r.stdout.splitlines() if "pol:leadUnit " in ln)
    assert "牵头单位" in line and "lead unit" in line and "pol:Task" in line and "pol:Unit" in line
    data = json.loads(kg("vocab", "--format", "json", "--build", seed_build).stdout)
    assert {"kind": "object property", "name": "pol:hasTask", "label_zh": "包含任务"}.items() <= \
        next(d for d in data if d["name"] == "pol:hasTask").items()
    ttl = kg("vocab", "--format", "ttl", "--build", seed_build).stdout
    assert "pol:leadUnit a owl:ObjectProperty" in ttl and '"牵头单位"@zh' in ttl


def test_cli_errors_are_one_line(tmp_path):
    r = kg("vocab", "--format", "xml")
    assert r.exit_code == 2 and "--format: must be table, json or ttl" in r.stderr
    r = kg("vocab", "--build", tmp_path / "nobuild")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1


def test_cli_without_any_build_reads_the_packaged_ontology(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no build/ here
    r = kg("vocab", "--format", "json")
    assert r.exit_code == 0
    names = {d["name"] for d in json.loads(r.stdout)}
    assert {"pol:Plan", "pol:leadUnit", "pol:year", "pol:Lead"} <= names
