#!/usr/bin/env bash
# Runs the benchmarks of a release build and prints their figures:
#  1. hook dispatch (Google Benchmark): 0, 1, 6 enabled plugins vs a direct virtual call;
#     a message rendered in English vs Traditional Chinese
#  2. HTTP (wrk, keep-alive, 64 connections, 10 s): atriumd /healthz vs Poco's hello world
# usage: tests/bench/run.sh BUILD_DIR      (needs wrk: apt-get install wrk)
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "== hook dispatch"
"$build/tests/bench/bench_hook_dispatch" --benchmark_min_time=0.5 --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true

echo "== messages: a refusal in English and in Traditional Chinese, Accept-Language parsing"
"$build/tests/bench/bench_messages" --benchmark_min_time=0.5 --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "== HTTP: Poco hello world (the framework's ceiling)"
port=$(free_port)
"$build/tests/bench/bench_poco_hello" "$port" >/dev/null &
pids+=($!)
sleep 0.5
wrk -t2 -c64 -d10s "http://127.0.0.1:$port/" | grep -E "Requests/sec|Latency"

echo "== HTTP: atriumd GET /healthz (SQLite)"
port=$(free_port)
"$build/kernel/atriumd" --config - --data-dir "$work/data" --port "$port" --set log.level=warn >/dev/null &
pids+=($!)
sleep 1
wrk -t2 -c64 -d10s "http://127.0.0.1:$port/healthz" | grep -E "Requests/sec|Latency"
