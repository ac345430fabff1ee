"""Records to RDF, and the store that holds it.

Interface: `builder.GraphBuilder(units, quads.QuadSink(store))` takes `kg.records.Document`s one at a time
(`add`), resolves what needs the whole corpus (`resolve`, `finish`: one node per cited document, unit labels,
branches, the ontology graph and, through `infer`, the super-property and super-class triples it implies)
and streams quads into an Oxigraph store; `store` owns the build folder (atomic swap, marker, `kg.trig` dumped
by Oxigraph, read-only opening); `vocab` (the closed `POL` namespace) and `iris` mint every term and IRI;
`validate` runs pySHACL. Graph never imports spaCy or an extract module.
"""
