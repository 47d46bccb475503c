#!/usr/bin/env bash
# Installs what is missing, builds, and starts the Mouthpiece web UI on http://127.0.0.1:7860/.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
setup_all
exec ./mouthpiece serve "$@"
