"""bench/openvino/genai_bench.py FOLDER PROMPT N RUNS DEVICE [KEY=VALUE...]
One benchmark run of OpenVINO GenAI's own LLMPipeline: load, one warm-up generation, then
`runs` timed generations of `n` new tokens (greedy, EOS ignored, no chat template). Prints one
JSON line per timed generation: load time, TTFT and decode tokens/s (1000 / TPOT)."""
import json
import sys
import time

import openvino_genai as og

folder, prompt, n, runs, device = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
props = dict(a.split("=", 1) for a in sys.argv[6:])  # extra OpenVINO properties, KEY=VALUE
t0 = time.perf_counter()
pipe = og.LLMPipeline(folder, device, **props)
load_s = time.perf_counter() - t0
cfg = og.GenerationConfig()
cfg.max_new_tokens = n
cfg.ignore_eos = True
cfg.do_sample = False
cfg.apply_chat_template = False
pipe.generate(prompt, cfg)
for _ in range(runs):
    res = pipe.generate([prompt], cfg)
    pm = res.perf_metrics
    print(json.dumps({"impl": "openvino-genai-python", "load_s": round(load_s, 3),
                      "prompt_tokens": pm.get_num_input_tokens(), "new_tokens": pm.get_num_generated_tokens(),
                      "ttft_ms": round(pm.get_ttft().mean, 2), "decode_tok_s": round(1000.0 / pm.get_tpot().mean, 2)}),
          flush=True)
