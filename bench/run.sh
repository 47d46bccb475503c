#!/usr/bin/env bash
# The end-to-end benchmark suite: builds the bench and the CLI in Release, runs every section, and writes
# bench/results/<UTC time>/report.md with its PNG charts (also copied to bench/results/latest/).
# usage: bench/run.sh [--quick] [--only N,N]  full: under 25 minutes on 2 cores; --quick: under 4 minutes;
#                                            --only 3,6: those sections alone (the report is not copied to latest/)
#        bench/run.sh --components  the BenchmarkDotNet component benchmarks instead (about 1.5 minutes)
#        bench/run.sh --quality     the mouth quality suite on the shared real media instead (bench/results/quality/)
#        bench/run.sh --quality --only NAME   only the truth clips and avatars whose file name contains NAME (not published)
#        bench/run.sh --cluster     the many-machines mode's queue costs, on throwaway PostgreSQL and RabbitMQ (about 2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: bench/run.sh [--quick] [--only N,N] | --components | --quality [--only NAME] | --cluster"
mode=()
only=()
case "${1:-}" in
  --components) components=1 ;;
  --quality)
    quality=1
    if [ "${2:-}" = "--only" ] && [ -n "${3:-}" ]; then only=(--only "$3"); fi ;;
  --cluster) cluster=1 ;;
  *)
    while [ $# -gt 0 ]; do
      case "$1" in
        --quick) mode+=(--quick) ;;
        --only) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; mode+=(--only "$2"); shift ;;
        *) echo "$usage" >&2; exit 2 ;;
      esac
      shift
    done ;;
esac

# The suite needs what ./test.sh installs: ffmpeg, dlib's landmark model, and BlazeFace in .deps/.
if [ ! -f .deps/blazeface/face_detection_back_256x256_barracuda.onnx ] || ! command -v ffmpeg >/dev/null || [ ! -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ]; then
  echo "bench/run.sh: ffmpeg, the landmark model or .deps/ is missing; run ./test.sh once first (it installs them)" >&2
  exit 1
fi

if [ -n "${cluster:-}" ]; then
  # PostgreSQL and RabbitMQ are what ./test.sh installs; throwaway instances, stopped on any exit.
  command -v rabbitmq-server >/dev/null && [ -x /usr/lib/postgresql/15/bin/initdb ] \
    || { echo "bench/run.sh --cluster: PostgreSQL 15 or RabbitMQ is missing; run ./test.sh once first (it installs them)" >&2; exit 1; }
  echo "==> building the bench (Release)" >&2
  dotnet build bench/Mouthpiece.Bench -c Release -nologo -v q -clp:NoSummary >&2
  services="$(mktemp -d)"
  trap 'scripts/test-services.sh stop "$services"' EXIT
  trap 'exit 130' INT TERM
  eval "$(scripts/test-services.sh start "$services")"
  dotnet bench/Mouthpiece.Bench/bin/Release/net10.0/Mouthpiece.Bench.dll cluster
  exit
fi

if [ -n "${components:-}" ]; then
  exec dotnet run -c Release --project bench/Mouthpiece.Bench.Components
fi

echo "==> building the bench and the CLI (Release)" >&2
dotnet build bench/Mouthpiece.Bench -c Release -nologo -v q -clp:NoSummary >&2
dotnet build src/Mouthpiece.Cli -c Release -nologo -v q -clp:NoSummary >&2

out="bench/results/$(date -u +%Y-%m-%dT%H%M%SZ)"
if [ -n "${quality:-}" ]; then
  exec dotnet bench/Mouthpiece.Bench/bin/Release/net10.0/Mouthpiece.Bench.dll quality --out "$out-quality" "${only[@]}"
fi
exec dotnet bench/Mouthpiece.Bench/bin/Release/net10.0/Mouthpiece.Bench.dll suite "${mode[@]}" --out "$out"
