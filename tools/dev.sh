#!/usr/bin/env bash
# Sets up a Debian 12 or Ubuntu 24.04 machine for DistillScope, builds it into
# build/ and then runs the program or the tests.
#
#   bash tools/dev.sh run [ARGS...]   start distillscope (on the bundled sample
#                                     unless ARGS name a subcommand)
#   bash tools/dev.sh test            run every test through ctest
#
# Safe to repeat: packages are installed only when one is missing, and the
# de_DE.UTF-8 locale, which the decimal-comma tests use, only when absent.
set -euo pipefail

readonly root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly build_dir="$root_dir/build"

readonly packages=(
  cmake ninja-build g++            # the build
  qt6-base-dev qt6-svg-dev         # Qt 6 Core, Widgets, Test; SVG export
  libqcustomplot-dev               # the plots (its Qt 6 build included)
  libeigen3-dev                    # vectors of the numeric core
  libgtest-dev                     # core tests
  nlohmann-json3-dev               # reading the reference cases in tests
  xvfb xauth fonts-dejavu-core     # window tests without a display; the
                                   # fonts are also built into exports
  libgif-dev                       # animated GIF export
  poppler-utils                    # pdfinfo and pdftotext for the PDF export test
  python3-matplotlib               # typesets the derivation page's equations
                                   # at build time (tools/render_equations.py)
  locales                          # de_DE.UTF-8 for the locale tests
)

usage() {
  echo "usage: bash tools/dev.sh run [distillscope arguments...] | test" >&2
  exit 2
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "dev.sh: '$*' needs root, and sudo is not installed; run this script as root" >&2
    exit 1
  fi
}

install_packages() {
  local missing=()
  local package
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return
  fi

  echo "dev.sh: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -qq -y --no-install-recommends \
    "${missing[@]}" >/dev/null
}

has_german_locale() {
  locale -a 2>/dev/null | grep -qiE '^de_DE\.utf-?8$'
}

generate_german_locale() {
  if has_german_locale; then
    return
  fi

  echo "dev.sh: generating the de_DE.UTF-8 locale"
  # Debian builds the locales listed in /etc/locale.gen. Ubuntu's locale-gen
  # also takes the name as an argument. localedef covers anything else.
  if [[ -f /etc/locale.gen ]]; then
    as_root sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^de_DE\.UTF-8 UTF-8' /etc/locale.gen \
      || echo 'de_DE.UTF-8 UTF-8' | as_root tee -a /etc/locale.gen >/dev/null
  fi
  as_root locale-gen de_DE.UTF-8 >/dev/null || true
  if ! has_german_locale; then
    as_root localedef -i de_DE -f UTF-8 de_DE.UTF-8
  fi
}

build() {
  cmake -S "$root_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    --log-level=WARNING
  cmake --build "$build_dir"
}

has_display() {
  [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]
}

run_tests() {
  local ctest=(ctest --test-dir "$build_dir" --output-on-failure)
  # Window tests need a display server, so give them a virtual one when the
  # machine has none. Tests that set QT_QPA_PLATFORM=offscreen are unaffected.
  if has_display; then
    "${ctest[@]}"
  else
    xvfb-run --auto-servernum --server-args="-screen 0 1920x1200x24" "${ctest[@]}"
  fi
}

main() {
  [[ $# -ge 1 ]] || usage
  local command=$1
  shift
  case $command in
    run | test) ;;
    *) usage ;;
  esac

  install_packages
  generate_german_locale
  build

  if [[ $command == run ]]; then
    exec "$build_dir/app/distillscope" "$@"
  fi
  [[ $# -eq 0 ]] || usage
  run_tests
}

main "$@"
