#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Heartline needs, only those that are missing.
#   scripts/install-system-deps.sh          build needs: venv, CJK fonts, WeasyPrint's libraries
#   scripts/install-system-deps.sh --test   also the browser and the web server for the tests
set -euo pipefail

packages=(
  python3-venv          # `python3 -m venv` for .venv
  # The fonts the site's CSS (docs/assets/heartline.css) and the leaflets name, so pages and PDFs
  # come out the same on every machine. Scripts printed on paper: Chinese, Japanese, Korean
  # (noto-cjk); Latin, Cyrillic, Greek, Arabic and Uyghur, Tibetan, Mongolian, Thai (noto-core);
  # DejaVu for the leaflets' numbers and addresses. A character none of them has stops the build.
  fonts-noto-cjk        # Chinese, Japanese, Korean
  fonts-noto-core       # Latin, Cyrillic, Greek, Arabic and Uyghur, Tibetan, Mongolian, Thai
  fonts-dejavu-core     # the leaflets' numbers and addresses
  libpango-1.0-0        # WeasyPrint's text layout
  libpangoft2-1.0-0     # WeasyPrint's font loading through fontconfig
  libharfbuzz-subset0   # fast CJK font subsetting: without it a leaflet takes ~9.5 s instead of ~0.2 s
  fontconfig            # fc-match, which finds the Noto Sans CJK SC file the leaflets' cut font is made from
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(
    chromium            # Debian's browser for the Playwright tests (never a downloaded one)
    poppler-utils       # pdftoppm, to look at leaflets as images when reviewing
    nginx               # the web server the site ships a configuration for (server/); tests run it without root
    libnginx-mod-http-brotli-static  # nginx sends the Brotli copies the build writes (.br)
  )
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# A python3 built outside Debian (pyenv, python.org) brings its own venv module.
if [[ " ${missing[*]} " == *" python3-venv "* ]] && python3 -c "import ensurepip, venv" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<< "${missing[*]}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
# noninteractive: never stop to ask a question (CI has no terminal)
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
