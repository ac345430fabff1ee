"""Using a finished build: SPARQL queries, canned queries, traces, statistics and the endpoint.

Interface: `query.run_local(store, sparql)` / `query.run_remote(url, sparql)` → rows; `queries.canned_queries()` → the
`CannedQuery` records of `kg/queries/*.rq`; `trace` reads stored derivations; `find` resolves a task or plan
reference (`000:9`, words of a title, an IRI); `stats` aggregates; `serve.answer(...)` is the endpoint as a pure
function of a request. Everything here reads the store (`kg.graph.store.open_store`); nothing writes it.
"""
