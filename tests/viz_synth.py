"""A tiny synthetic build for the viz tests: three government levels, lineage with scores, rivers, sections
and targets (the data issues 4 and 5 will produce), roles with evidence, two units with the same label,
and document text that tries to inject HTML."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.graph import store

EVIL = '<img src=x onerror="window.__pwned=1">&amp;</script><script>window.__pwned=2</script>'

TRIG = r"""
@prefix pol: <https://w3id.org/policy-kg/ontology#> .
@prefix id: <https://w3id.org/policy-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:graph\/entities {
  id:jurisdiction\/410000 a pol:Jurisdiction ; rdfs:label "河南省" ; pol:level "province" .
  id:jurisdiction\/410800 a pol:Jurisdiction ; rdfs:label "焦作市" ; pol:level "city" ; pol:partOf id:jurisdiction\/410000 .
  id:jurisdiction\/410883 a pol:Jurisdiction ; rdfs:label "孟州市" ; pol:level "county" ; pol:partOf id:jurisdiction\/410800 .
  id:unit\/410800\/市生态环境局 a pol:Unit ; rdfs:label "市生态环境局" ; pol:jurisdiction id:jurisdiction\/410800 .
  id:unit\/410883\/市生态环境局 a pol:Unit ; rdfs:label "市生态环境局" ; pol:jurisdiction id:jurisdiction\/410883 .
  id:unit\/410883\/市水利局 a pol:Unit ; rdfs:label "市水利局" ; pol:jurisdiction id:jurisdiction\/410883 .
  id:unit\/410883\/各乡镇办事处 a pol:Unit ; rdfs:label "各乡镇办事处" ; pol:jurisdiction id:jurisdiction\/410883 .
  id:unit\/410000\/省生态环境厅 a pol:Unit ; rdfs:label "省生态环境厅" ; pol:jurisdiction id:jurisdiction\/410000 .
  id:river\/蟒河 a pol:River ; rdfs:label "蟒河" .
  id:river\/沁河 a pol:River ; rdfs:label "沁河" .
  id:river\/黄河 a pol:River ; rdfs:label "黄河" .
  id:section\/孟州石井断面 a pol:Section ; rdfs:label "孟州石井断面" ; pol:onRiver id:river\/蟒河 .
  id:section\/上苑断面 a pol:Section ; rdfs:label "上苑断面" ; pol:onRiver id:river\/沁河 .
  id:doc\/焦环委办2025-12 a pol:Directive ; dcterms:title "关于印发焦作市2025年水污染防治攻坚战实施方案的通知" ; pol:docNumber "焦环委办〔2025〕12号" .
}

id:graph\/d1 {
  id:plan\/d1 a pol:Plan , pol:Directive ; dcterms:title "河南省2024年水污染防治攻坚战实施方案" ; rdfs:label "河南省2024年水污染防治攻坚战实施方案" ;
      pol:sourceFile "d1.txt" ; pol:year 2024 ; pol:jurisdiction id:jurisdiction\/410000 ;
      pol:hasTask id:plan\/d1\/task\/1 , id:plan\/d1\/task\/2 .
  id:plan\/d1\/task\/1 a pol:Task ; pol:taskNumber "1" ; dcterms:title "推进河湖生态保护修复" ; rdfs:label "1. 推进河湖生态保护修复" ;
      pol:sourceFile "d1.txt" ; pol:charStart 10 ; pol:charEnd 60 ; pol:quote "1. 推进河湖生态保护修复。省生态环境厅牵头。" ;
      pol:leadUnit id:unit\/410000\/省生态环境厅 .
  id:plan\/d1\/task\/2 a pol:Task ; pol:taskNumber "2" ; dcterms:title "加强饮用水水源保护" ; rdfs:label "2. 加强饮用水水源保护" ;
      pol:sourceFile "d1.txt" ; pol:quote "2. 加强饮用水水源保护。" .
}

id:graph\/p1 {
  id:plan\/p1 a pol:Plan ; dcterms:title "焦作市2024年水污染防治攻坚战实施方案" ; rdfs:label "焦作市2024年水污染防治攻坚战实施方案" ;
      pol:sourceFile "p1.txt" ; pol:year 2024 ; pol:jurisdiction id:jurisdiction\/410800 ;
      pol:hasTask id:plan\/p1\/task\/1 , id:plan\/p1\/task\/2 , id:plan\/p1\/task\/3 ;
      prov:wasDerivedFrom id:plan\/d1 .
  id:plan\/p1\/task\/1 a pol:Task ; pol:taskNumber "1" ; dcterms:title "深入推进蟒河综合治理" ; rdfs:label "1. 深入推进蟒河综合治理" ;
      pol:sourceFile "p1.txt" ; pol:charStart 5 ; pol:charEnd 80 ; pol:quote "1. 深入推进蟒河综合治理。市生态环境局负责。" ;
      pol:responsibleUnit id:unit\/410800\/市生态环境局 ; pol:mentions id:river\/蟒河 ;
      prov:wasDerivedFrom id:plan\/d1\/task\/1 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/d1\/task\/1 ; pol:score 0.91 ; pol:evidence "河湖生态保护修复 ~ 蟒河综合治理" ] .
  id:plan\/p1\/task\/2 a pol:Task ; pol:taskNumber "2" ; dcterms:title "保护饮用水水源地" ; rdfs:label "2. 保护饮用水水源地" ;
      pol:sourceFile "p1.txt" ; pol:quote "2. 保护饮用水水源地。" ;
      prov:wasDerivedFrom id:plan\/d1\/task\/2 ;
      prov:qualifiedDerivation id:derivation\/p1-2 .
  id:derivation\/p1-2 a prov:Derivation ; prov:entity id:plan\/d1\/task\/2 ; pol:score 0.77 ; pol:evidence "饮用水水源" .
  id:plan\/p1\/task\/3 a pol:Task ; pol:taskNumber "3" ; dcterms:title "沁河水质提升" ; rdfs:label "3. 沁河水质提升" ;
      pol:sourceFile "p1.txt" ; pol:quote "3. 沁河水质提升，上苑断面稳定达到III类。" ;
      pol:mentions id:river\/沁河 , id:section\/上苑断面 ; pol:hasTarget id:target\/p1-3 .
  id:target\/p1-3 a pol:Target ; pol:indicator "水质类别" ; pol:comparator "<=" ; pol:value "III" ; pol:targetSection id:section\/上苑断面 ;
      pol:sourceFile "p1.txt" ; pol:quote "上苑断面稳定达到III类" .
}

id:graph\/p2 {
  id:plan\/p2 a pol:Plan ; dcterms:title "孟州市2025年碧水保卫战实施方案" ; rdfs:label "孟州市2025年碧水保卫战实施方案" ;
      pol:sourceFile "p2.txt" ; pol:year 2025 ; pol:jurisdiction id:jurisdiction\/410883 ; pol:issuedBy id:unit\/410883\/市生态环境局 ;
      pol:cites id:doc\/焦环委办2025-12 ; prov:wasDerivedFrom id:doc\/焦环委办2025-12 ;
      pol:hasTask id:plan\/p2\/task\/1 , id:plan\/p2\/task\/2 , id:plan\/p2\/task\/3 , id:plan\/p2\/task\/4 .
  id:plan\/p2\/task\/1 a pol:Task ; pol:taskNumber "1" ; dcterms:title "实施蟒河湿地建设" ; rdfs:label "1. 实施蟒河湿地建设" ;
      pol:sourceFile "p2.txt" ; pol:charStart 100 ; pol:charEnd 180 ; pol:quote "1. 实施蟒河湿地建设。市水利局牵头，各乡镇办事处落实。" ;
      pol:leadUnit id:unit\/410883\/市水利局 ; pol:implementingUnit id:unit\/410883\/各乡镇办事处 ;
      pol:mentions id:river\/蟒河 , id:section\/孟州石井断面 ; pol:hasTarget id:target\/p2-1 ;
      prov:wasDerivedFrom id:plan\/p1\/task\/1 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/p1\/task\/1 ; pol:score 0.86 ; pol:evidence "蟒河; 湿地" ] .
  id:target\/p2-1 a pol:Target ; pol:indicator "水质类别" ; pol:comparator "<=" ; pol:value "IV" ; pol:targetSection id:section\/孟州石井断面 ;
      pol:sourceFile "p2.txt" ; pol:quote "孟州石井断面水质达到IV类" .
  id:plan\/p2\/task\/2 a pol:Task ; pol:taskNumber "2" ; dcterms:title "饮用水水源规范化建设" ; rdfs:label "2. 饮用水水源规范化建设" ;
      pol:sourceFile "p2.txt" ; pol:quote "2. 饮用水水源规范化建设。市生态环境局负责，市水利局配合。" ;
      pol:responsibleUnit id:unit\/410883\/市生态环境局 ; pol:participantUnit id:unit\/410883\/市水利局 ;
      prov:wasDerivedFrom id:plan\/p1\/task\/2 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/p1\/task\/2 ; pol:score 0.64 ; pol:evidence "饮用水水源" ] .
  id:plan\/p2\/task\/3 a pol:Task ; pol:taskNumber "3" ; dcterms:title "黄河滩区整治<b>加粗</b>" ; rdfs:label "3. 黄河滩区整治<b>加粗</b>" ;
      pol:sourceFile "p2.txt" ; pol:quote "EVIL" ;
      pol:responsibleUnit id:unit\/410883\/市生态环境局 ; pol:mentions id:river\/黄河 .
  id:plan\/p2\/task\/4 a pol:Task ; pol:taskNumber "4" ; dcterms:title "编制十五五规划" ; rdfs:label "4. 编制十五五规划" ;
      pol:sourceFile "p2.txt" ; pol:quote "4. 编制十五五规划。" ;
      pol:participantUnit id:unit\/410883\/各乡镇办事处 ;
      prov:wasDerivedFrom id:plan\/p2\/task\/2 ;
      prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:plan\/p2\/task\/2 ; pol:score 0.35 ; pol:evidence "水源" ] .
  id:plan\/p2\/task\/1\/obligation\/1 a pol:Obligation ; pol:task id:plan\/p2\/task\/1 ; pol:unit id:unit\/410883\/市水利局 ;
      pol:role pol:Lead ; pol:quote "市水利局牵头" ; pol:sourceFile "p2.txt" .
  id:plan\/p2\/task\/1\/obligation\/2 a pol:Obligation ; pol:task id:plan\/p2\/task\/1 ; pol:unit id:unit\/410883\/各乡镇办事处 ;
      pol:role pol:Implementer ; pol:quote "各乡镇办事处落实" ; pol:sourceFile "p2.txt" .
}
""".replace('"EVIL"', '"' + EVIL.replace('"', '\\"') + '"')


def make_build(folder: Path) -> Path:
    """Write the synthetic graph as a policy-kg build folder (kg.trig + store + marker)."""
    folder.mkdir(parents=True, exist_ok=True)
    trig = folder / store.TRIG
    trig.write_text(TRIG, encoding="utf-8")
    s = store.create_store(folder)
    s.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    s.flush()
    del s
    store.write_marker(folder, {"policy_kg": "test", "documents": ["d1.txt", "p1.txt", "p2.txt"]})
    return folder
