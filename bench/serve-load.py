"""Load test of `slm serve` with the Python openai client: C concurrent streaming chat clients,
R requests each. Prints aggregate decode tok/s (completion tokens of all requests / wall time) and
p50 latency of a whole request. Usage: python bench/serve-load.py BASE_URL MODEL CONCURRENCY [REQUESTS] [MAX_TOKENS]"""
import statistics
import sys
import threading
import time

import openai

base, model, conc = sys.argv[1], sys.argv[2], int(sys.argv[3])
reqs = int(sys.argv[4]) if len(sys.argv) > 4 else 2
max_tokens = int(sys.argv[5]) if len(sys.argv) > 5 else 64
client = openai.OpenAI(base_url=base + "/v1", api_key="none", max_retries=0)
lat, toks, lock = [], [0], threading.Lock()


def worker(i):
    for r in range(reqs):
        t0 = time.perf_counter()
        n = 0
        stream = client.chat.completions.create(model=model, stream=True, max_tokens=max_tokens, seed=i * 100 + r,
                                                messages=[{"role": "user", "content": f"Tell me a story number {i}-{r}."}],
                                                stream_options={"include_usage": True})
        for chunk in stream:
            if chunk.usage is not None:
                n = chunk.usage.completion_tokens
        with lock:
            lat.append(time.perf_counter() - t0)
            toks[0] += n


t0 = time.perf_counter()
ts = [threading.Thread(target=worker, args=(i,)) for i in range(conc)]
[t.start() for t in ts]
[t.join() for t in ts]
wall = time.perf_counter() - t0
print(f"clients={conc} requests={len(lat)} tokens={toks[0]} wall={wall:.1f}s "
      f"aggregate={toks[0] / wall:.1f} tok/s p50={statistics.median(lat) * 1000:.0f} ms")
