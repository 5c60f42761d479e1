#!/usr/bin/env bash
# Refresh the third-party files served from assets/ from the npm registry.
# They are committed, so the dashboard needs no network at run time; run this
# only to change a version, then commit the result.
set -euo pipefail
BOOTSTRAP_VERSION=5.3.8
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@${BOOTSTRAP_VERSION}" >/dev/null && tar xzf bootstrap-*.tgz)
# Drop the source-map comment: the map is not shipped, and a missing map is a 404.
sed '/sourceMappingURL/d' "$work/package/dist/css/bootstrap.min.css" > "$here/assets/bootstrap.min.css.tmp"
mv "$here/assets/bootstrap.min.css.tmp" "$here/assets/bootstrap.min.css"
echo "assets/bootstrap.min.css <- bootstrap@${BOOTSTRAP_VERSION} (npm)"
