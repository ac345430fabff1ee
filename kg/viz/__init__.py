"""Self-contained interactive HTML networks (`kg viz`).

Interface: `draw.build_view(store, view, **options) -> model.ViewGraph` and `draw.write_view(graph, path)`;
`snapshot.save(html, Snapshot(png=…, svg=…, scale=…))` for print.
`overview`, `views`, `ego`, `lineage` and `query` assemble a `ViewGraph` from SPARQL (`sparql`); `annotate`
adds each node's plans (the page's filters) and the places of colliding agency names; `layout` places large
views in Python (`clusters`: one frame per jurisdiction); `labels` wraps labels between jieba's words
(`words`: jieba's dictionary restricted to the characters at hand); `style` gives classes and relations their
colour and shape; `render` writes one HTML file with vis-network inlined; `browser` drives headless Chromium
for tests, benches, screenshots and `--png`/`--svg`.
"""
