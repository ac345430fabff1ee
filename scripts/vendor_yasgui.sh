#!/usr/bin/env bash
# Re-vendor the query page's third-party browser files into kg/explore/static/vendor/ (pinned versions), so
# their provenance can be checked and redone. Not run by `make test`: the vendored files are committed.
#
#   yasgui/       @zazuko/yasgui (npm): build/yasgui.min.js and build/yasgui.min.css; LICENSE = the upstream
#                 MIT text (github.com/rdfjs/Yasgui LICENSE; the npm package ships none) followed by the
#                 licence of every npm package installed with it (those the bundle may include).
#   vis-network/  the vis-network.min.js + vis-network.css that pyvis ships (templates/lib/vis-9.1.2, the copy
#                 `kg viz` already inlines), with LICENSE-MIT and LICENSE-APACHE-2.0 from the vis-network
#                 npm package of the same version.
# The only change to the upstream files: the trailing `//# sourceMappingURL=` line is removed (the maps are
# not shipped, and developer tools would request them). vendor/VENDOR.md records versions and sha256 sums.
# Usage: scripts/vendor_yasgui.sh   (needs npm and the project's .venv with pyvis installed)
set -euo pipefail

YASGUI_VERSION=4.6.2
VIS_VERSION=9.1.2

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/kg/explore/static/vendor"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

strip_map() {  # copy $1 to $2 without a sourceMappingURL comment line
  grep -v '^//# sourceMappingURL=' "$1" > "$2" || true
  if ! [ -s "$2" ]; then echo "vendor: $1 came out empty" >&2; exit 1; fi
}

echo "npm: @zazuko/yasgui@$YASGUI_VERSION"
(cd "$WORK" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund --silent \
  "@zazuko/yasgui@$YASGUI_VERSION")
YB="$WORK/node_modules/@zazuko/yasgui/build"
rm -rf "$DEST/yasgui" && mkdir -p "$DEST/yasgui"
strip_map "$YB/yasgui.min.js" "$DEST/yasgui/yasgui.min.js"
strip_map "$YB/yasgui.min.css" "$DEST/yasgui/yasgui.min.css"
{
  cat <<'MIT'
@zazuko/yasgui (YASGUI: YASQE editor + YASR results), https://github.com/rdfjs/Yasgui
Upstream LICENSE (the npm package declares "license": "MIT", author Triply, contributors Zazuko GmbH):

The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.

MIT
  echo "================================================================================"
  echo "Packages installed with @zazuko/yasgui@$YASGUI_VERSION (code from them may be in the bundle):"
  (cd "$WORK" && node -e '
    const fs = require("fs"), path = require("path");
    const dirs = [];
    for (const d of fs.readdirSync("node_modules").sort()) {
      if (d.startsWith(".")) continue;
      if (d.startsWith("@")) fs.readdirSync(path.join("node_modules", d)).sort().forEach(s => dirs.push(d + "/" + s));
      else dirs.push(d);
    }
    for (const d of dirs) {
      const dir = path.join("node_modules", d), pj = JSON.parse(fs.readFileSync(path.join(dir, "package.json")));
      const lic = typeof pj.license === "string" ? pj.license : JSON.stringify(pj.license || pj.licenses || "?");
      console.log("\n--- " + pj.name + "@" + pj.version + " (" + lic + ")");
      const files = fs.readdirSync(dir).filter(f => /^(licen[cs]e|copying)/i.test(f)).sort();
      for (const f of files) console.log(fs.readFileSync(path.join(dir, f), "utf8").trim());
      if (!files.length) console.log("(no licence file in the package; licence field: " + lic + ")");
    }')
} > "$DEST/yasgui/LICENSE"

VIS_SRC="$("$PYTHON" -c 'import pathlib, pyvis; print(pathlib.Path(pyvis.__file__).parent / "templates/lib/vis-'"$VIS_VERSION"'")')"
echo "pyvis: $VIS_SRC; npm: vis-network@$VIS_VERSION (licences)"
rm -rf "$DEST/vis-network" && mkdir -p "$DEST/vis-network"
strip_map "$VIS_SRC/vis-network.min.js" "$DEST/vis-network/vis-network.min.js"
cp "$VIS_SRC/vis-network.css" "$DEST/vis-network/vis-network.css"
(cd "$WORK" && npm pack --silent "vis-network@$VIS_VERSION" >/dev/null && tar xzf "vis-network-$VIS_VERSION.tgz")
cp "$WORK/package/LICENSE-MIT" "$WORK/package/LICENSE-APACHE-2.0" "$DEST/vis-network/"

# No request may leave the page's origin at load: no remote @import, url(http…), or font/CDN hosts in the files.
if grep -E -l '@import|url\(["'"'"']?(https?:)?//|fonts\.googleapis|cdn\.jsdelivr|unpkg\.com|cdnjs' \
     "$DEST"/yasgui/*.css "$DEST"/vis-network/*.css; then
  echo "vendor: a stylesheet above loads something from the network; neutralise it before committing" >&2
  exit 1
fi

{
  echo "# Vendored browser files of the query page (written by scripts/vendor_yasgui.sh; do not edit by hand)"
  echo
  echo "| file | from | sha256 of the upstream file | sha256 here |"
  echo "| --- | --- | --- | --- |"
  for pair in "yasgui/yasgui.min.js:$YB/yasgui.min.js:npm @zazuko/yasgui@$YASGUI_VERSION build/" \
              "yasgui/yasgui.min.css:$YB/yasgui.min.css:npm @zazuko/yasgui@$YASGUI_VERSION build/" \
              "vis-network/vis-network.min.js:$VIS_SRC/vis-network.min.js:pyvis templates/lib/vis-$VIS_VERSION/" \
              "vis-network/vis-network.css:$VIS_SRC/vis-network.css:pyvis templates/lib/vis-$VIS_VERSION/"; do
    IFS=: read -r rel src from <<<"$pair"
    echo "| $rel | $from | $(sha256sum "$src" | cut -c1-16)… | $(sha256sum "$DEST/$rel" | cut -c1-16)… |"
  done
  echo
  echo "Only change: the trailing \`//# sourceMappingURL=\` line removed (no maps are shipped)."
} > "$DEST/VENDOR.md"
echo "vendored into $DEST:"
ls -la "$DEST"/*
