#!/usr/bin/env bash
# Refresh the third-party files served from assets/ from the npm registry.
# They are committed, so the dashboard needs no network at run time; run this
# only to change a version, then commit the result.
set -euo pipefail
BOOTSTRAP_VERSION=5.3.8
PLOTLY_LOCALES_VERSION=3.7.0
# The same plotly.js version as the Python plotly package bundles (plotly.offline.get_plotlyjs_version()).
PLOTLY_VERSION=4.1.1
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@${BOOTSTRAP_VERSION}" >/dev/null && tar xzf bootstrap-*.tgz)
(cd "$work" && mkdir locales && npm pack --silent "plotly.js-locales@${PLOTLY_LOCALES_VERSION}" >/dev/null \
  && tar xzf plotly.js-locales-*.tgz -C locales)
(cd "$work" && mkdir basic && npm pack --silent "plotly.js-basic-dist-min@${PLOTLY_VERSION}" >/dev/null \
  && tar xzf plotly.js-basic-dist-min-*.tgz -C basic)
# Drop the source-map comment: the map is not shipped, and a missing map is a 404.
sed '/sourceMappingURL/d' "$work/package/dist/css/bootstrap.min.css" > "$here/assets/bootstrap.min.css.tmp"
mv "$here/assets/bootstrap.min.css.tmp" "$here/assets/bootstrap.min.css"
echo "assets/bootstrap.min.css <- bootstrap@${BOOTSTRAP_VERSION} (npm)"

# The chart toolbar in Chinese: plotly.js's zh-CN locale, a CommonJS module on npm,
# wrapped to register itself with Plotly whether Plotly has loaded yet or not.
{
  echo "/* plotly.js-locales@${PLOTLY_LOCALES_VERSION} zh-cn.js (MIT), wrapped for the browser */"
  echo "(function () {"
  echo "var module = { exports: {} };"
  cat "$work/locales/package/zh-cn.js"
  echo "var locale = module.exports;"
  echo "if (window.Plotly && window.Plotly.register) { window.Plotly.register(locale); }"
  echo "else { (window.PlotlyLocales = window.PlotlyLocales || []).push(locale); }"
  echo "}());"
} > "$here/assets/plotly-locale-zh-cn.js.tmp"
mv "$here/assets/plotly-locale-zh-cn.js.tmp" "$here/assets/plotly-locale-zh-cn.js"
echo "assets/plotly-locale-zh-cn.js <- plotly.js-locales@${PLOTLY_LOCALES_VERSION} (npm)"

# plotly.js's "basic" bundle (bar, scatter, pie: every trace type the charts use),
# 0.4 MB compressed instead of the full bundle's 1.5 MB. Loaded from assets/ before
# the graphs mount, it defines window.Plotly, so Dash never fetches its own full
# plotly.min.js. Its name sorts before the locale file, which registers with it.
cp "$work/basic/package/plotly-basic.min.js" "$here/assets/plotly-basic.min.js.tmp"
mv "$here/assets/plotly-basic.min.js.tmp" "$here/assets/plotly-basic.min.js"
echo "assets/plotly-basic.min.js <- plotly.js-basic-dist-min@${PLOTLY_VERSION} (npm)"
