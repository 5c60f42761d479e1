#!/usr/bin/env bash
# Make sure the Debian packages the tests need are present: Chromium (browser
# tests, screenshots), its driver, a CJK font (without it every Chinese
# character in a screenshot or exported image is an empty box), Redis (the
# shared cache and job queue, started by the tests on a free port), wrk (load),
# poppler-utils (pdftotext, which reads exported PDFs back as text) and
# PostgreSQL (the library of reports is tested on it as well as on SQLite).
# Installs what is missing when run as root; otherwise says what to run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# PostgreSQL's server (the library's tests run on a cluster of their own) and
# runuser, which runs it as the postgres user when the tests run as root.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  missing+=(fonts-noto-cjk fontconfig)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: chromium, chromium-driver, a CJK font, redis-server, wrk, poppler-utils and postgresql are present"
  exit 0
fi

echo "system packages missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Run as root (or with sudo):" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
echo "system packages: installed ${missing[*]}"
