"""Self-contained interactive HTML networks (`kg viz`).

Interface: `draw.build_view(store, view, **options) -> model.ViewGraph` and `draw.write_view(graph, path)`.
`views`, `ego`, `lineage` and `query` assemble a `ViewGraph` from SPARQL (`sparql`); `layout` places large
views in Python; `style` gives classes and relations their colour and shape; `render` writes one HTML file
with vis-network inlined; `browser` drives headless Chromium for tests, benches and screenshots.
"""
