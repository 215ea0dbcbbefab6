"""Drives `slm serve` with the official Python `openai` client: models, plain and streaming chat
(with the final usage chunk), completions and a 404. Prints a transcript; exits non-zero on any
mismatch. Usage: python openai_client.py BASE_URL API_KEY MODEL..."""
import sys

import openai

base, key, models = sys.argv[1], sys.argv[2], sys.argv[3:]
client = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0)

ids = [m.id for m in client.models.list().data]
print("models:", ids)
assert ids == models, ids

for m in models:
    msgs = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]
    whole = client.chat.completions.create(model=m, messages=msgs, temperature=0, max_tokens=24)
    text = whole.choices[0].message.content
    print(f"[{m}] plain: {text!r} ({whole.usage.completion_tokens} tokens, {whole.choices[0].finish_reason})")
    parts, usage = [], None
    stream = client.chat.completions.create(model=m, messages=msgs, temperature=0, max_tokens=24, stream=True,
                                            stream_options={"include_usage": True})
    print(f"[{m}] stream: ", end="")
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for c in chunk.choices:
            if c.delta.content:
                parts.append(c.delta.content)
                print(c.delta.content, end="|", flush=True)
    print(f"  ({usage.completion_tokens} tokens)")
    assert "".join(parts) == text, ("".join(parts), text)
    assert usage is not None and usage.completion_tokens == whole.usage.completion_tokens

comp = client.completions.create(model=models[0], prompt="The capital of France is", max_tokens=4, temperature=0)
print(f"completion: {comp.choices[0].text!r}")
assert comp.choices[0].text

try:
    client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "x"}])
    raise SystemExit("expected a 404")
except openai.NotFoundError as e:
    print("404:", e.body["message"] if isinstance(e.body, dict) and "message" in e.body else e.body)
try:
    client.chat.completions.create(model=models[0], messages=[{"role": "user", "content": "x"}],
                                   response_format={"type": "json_object"})
    raise SystemExit("expected a 400")
except openai.BadRequestError as e:
    print("400:", e.body.get("message") if isinstance(e.body, dict) else e.body)
print("python client: ok")
