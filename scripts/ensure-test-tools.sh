#!/usr/bin/env bash
# The tests read PDFs and QR codes with the same tools a person would use: poppler-utils
# (pdftoppm, pdftotext, pdfdetach) and zbar-tools (zbarimg); the web pages are tested in a real
# headless browser, Debian's chromium (driven by playwright-core). Installs them from Debian's
# packages when they are missing (root or passwordless sudo); does nothing when they are there.
set -euo pipefail
missing=()
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdfdetach >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing test tools: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
