"""`kg export`: the whole graph, a `kg viz` view or a query result as files that Gephi, Cytoscape, R and
pandas open (GraphML, GEXF, CSV node and edge lists) or that any RDF tool reads (JSON-LD).

Interface:

    run.ExportSpec(view, fmt, output, …)         what to export, in which format, where (a frozen record)
    run.export(store, spec) -> run.Exported      select, convert, write; the written paths and the counts

Underneath, conversion is pure and writing is at the edge:

    network.from_quads(quads) -> nx.MultiDiGraph          the whole graph: IRI → IRI triples as edges,
                                                          literals as node attributes, rdf:type as `class`
    network.from_view(view, facts) -> nx.MultiDiGraph     a ViewGraph (kg/viz/model.py), the same attributes
    triples.view_triples(view, facts) -> [ox.Triple]      a view as RDF (for JSON-LD)
    writers.write_graphml / write_gexf / write_csv / write_jsonld   each writes temporary files beside the
                                                          target and renames them only when all are complete

The attribute names and value types are decided once, in `attrs`, so every format carries the same columns.
"""
