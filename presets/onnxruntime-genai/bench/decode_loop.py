"""The generator loop through ONNX Runtime GenAI's own Python API, timed exactly like
src/test/java/io/slm4j/ortgenai/bench/DecodeLoopBench.java: per run a fresh generator, the prompt
appended (not timed), then N x (generate_next_token + get_next_tokens) timed. Prints one JSON line.

usage: python decode_loop.py MODEL_FOLDER PROMPT_LEN TOKENS RUNS WARMUP
"""
import json
import sys
import time

import onnxruntime_genai as og


def main() -> None:
    folder, prompt_len, tokens, runs, warmup = sys.argv[1], *map(int, sys.argv[2:6])
    model = og.Model(folder)
    prompt = [1000 + 37 * i for i in range(prompt_len)]
    per_token = []
    last = 0
    for r in range(-warmup, runs):
        params = og.GeneratorParams(model)
        params.set_search_options(max_length=prompt_len + tokens, min_length=prompt_len + tokens)
        gen = og.Generator(model, params)
        gen.append_tokens(prompt)
        t0 = time.perf_counter_ns()
        for _ in range(tokens):
            gen.generate_next_token()
            last = int(gen.get_next_tokens()[0])
        t1 = time.perf_counter_ns()
        if r >= 0:
            per_token.append((t1 - t0) / 1e3 / tokens)
        del gen, params
    params = og.GeneratorParams(model)
    gen = og.Generator(model, params)
    calls = 2_000_000
    sink = False
    for _ in range(calls):
        sink ^= gen.is_done()
    c0 = time.perf_counter_ns()
    for _ in range(calls):
        sink ^= gen.is_done()
    ns_per_call = (time.perf_counter_ns() - c0) / calls
    per_token.sort()
    print(json.dumps({"api": "python", "median_us_per_token": round(per_token[len(per_token) // 2], 2),
                      "min_us_per_token": round(per_token[0], 2), "trivial_call_ns": round(ns_per_call, 1),
                      "tokens": tokens, "runs": runs, "last": last, "versions": [og.__version__]}))


if __name__ == "__main__":
    main()
