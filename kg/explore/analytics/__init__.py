"""Numbers for papers: analyses of a build as pure functions over rows read once from the store.

Interface: `analyse(store, sections, plans, jurisdiction, top) -> dict` (the JSON `kg stats --format json`
prints; `SECTIONS` names the parts), `tables(report, top)` → (title, columns, rows) for the terminal, and
for finer use `rows.read_rows(store)` → `Rows` and the pure functions over it: `workload` (agency and
function load by role), `network` (co-responsibility network, Louvain communities), `places` (rivers,
sections, the deadline calendar), `compare` (plan against plan: functions and task topics), `lineage`
(kept / added / dropped per plan pair). Charts of a report are drawn by `kg.viz.plots`.
"""

from kg.explore.analytics.report import SECTIONS, analyse, report
from kg.explore.analytics.tables import tables

__all__ = ["SECTIONS", "analyse", "report", "tables"]
