"""One closed list of the pol: terms and query prefixes, so a misspelt term fails loudly instead of minting a new IRI."""

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "POL",
    "POL_NS",
    "ID",
    "ELI",
    "ORG",
    "TIME",
    "PREFIXES",
    "sparql_prologue",
]


class POL(DefinedNamespace):
    """The policy-kg ontology (ontology/policy.ttl); every term there, and only those."""

    _NS = Namespace("https://w3id.org/policy-kg/ontology#")
    _fail = True

    # Classes: documents
    PolicyDocument: URIRef
    Plan: URIRef
    Directive: URIRef
    Standard: URIRef
    # Classes: places and organisations
    Jurisdiction: URIRef
    Unit: URIRef
    UnitFunction: URIRef
    Enterprise: URIRef
    # Classes: tasks and obligations
    TaskGroup: URIRef
    Task: URIRef
    Obligation: URIRef
    Role: URIRef
    # Classes: places and entities named in tasks
    River: URIRef
    Section: URIRef
    Project: URIRef
    # Classes: targets, periods, annexes
    Target: URIRef
    Period: URIRef
    AnnexEntry: URIRef

    # Role individuals and their scheme
    RoleScheme: URIRef
    Lead: URIRef
    Responsible: URIRef
    Participant: URIRef
    Implementer: URIRef

    # Object properties: documents
    issuedBy: URIRef
    jurisdiction: URIRef
    cites: URIRef
    partOf: URIRef
    hasTask: URIRef
    hasGroup: URIRef
    inGroup: URIRef
    # Object properties: task -> unit by role
    involvesUnit: URIRef
    leadUnit: URIRef
    responsibleUnit: URIRef
    participantUnit: URIRef
    implementingUnit: URIRef
    # Object properties: obligations and units
    task: URIRef
    unit: URIRef
    role: URIRef
    function: URIRef
    # Object properties: places, entities, targets, periods, annexes
    onRiver: URIRef
    mentions: URIRef
    hasTarget: URIRef
    targetSection: URIRef
    period: URIRef
    annexOf: URIRef
    about: URIRef

    # Datatype properties: documents and places
    docNumber: URIRef
    year: URIRef
    level: URIRef
    adminCode: URIRef
    # Datatype properties: tasks and obligations
    taskNumber: URIRef
    text: URIRef
    position: URIRef
    deadline: URIRef
    clause: URIRef
    unitName: URIRef
    # Datatype properties: targets
    indicator: URIRef
    value: URIRef
    unitOfMeasure: URIRef
    comparator: URIRef
    targetYear: URIRef
    # Lineage: candidates that did not clear the threshold, kept for `kg trace`
    CandidateDerivation: URIRef
    candidate: URIRef
    rank: URIRef
    # Datatype properties: lineage (on prov:Derivation)
    score: URIRef
    evidence: URIRef
    method: URIRef
    kept: URIRef
    added: URIRef
    dropped: URIRef
    # Datatype properties: evidence
    textFile: URIRef
    sourceFormat: URIRef
    issuedWith: URIRef
    issuedDateSource: URIRef
    sourceFile: URIRef
    charStart: URIRef
    charEnd: URIRef
    quote: URIRef
    # Datatype properties: annex rows
    rowNumber: URIRef
    measure: URIRef
    capacity: URIRef
    productionLines: URIRef
    industry: URIRef
    fromGrade: URIRef
    toGrade: URIRef
    villageCount: URIRef
    villagesTreated: URIRef
    treatmentRate: URIRef
    newVillages: URIRef
    villagesRemediated: URIRef
    newRemediated: URIRef


#: The pol: namespace as a plain Namespace (for prefix binding and string building).
POL_NS = Namespace(str(POL))

#: Where instances live.
ID = Namespace("https://w3id.org/policy-kg/id/")

#: European Legislation Identifier ontology (rdflib ships no ELI namespace).
ELI = Namespace("http://data.europa.eu/eli/ontology#")

#: The prefixes predeclared for queries, in the contract's order.
PREFIXES: dict[str, Namespace] = {
    "pol": POL_NS,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "org": Namespace(str(ORG)),
    "time": Namespace(str(TIME)),
    "eli": ELI,
}


def sparql_prologue() -> str:
    """The SPARQL PREFIX lines for PREFIXES, one per line, ending in a newline."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
