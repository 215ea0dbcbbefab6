package io.slm4j.llama;

import static io.slm4j.llama.global.llama.*;

import io.slm4j.fixtures.Fixtures;
import java.nio.file.Path;

/** The generated tiny qwen2 GGUF (random F32 weights, real qwen2 vocabulary), loaded once. */
final class TinyModel {
  private static llama_model model;

  private TinyModel() {}

  static Path path() {
    return Fixtures.get("tiny-gguf-f32");
  }

  static synchronized llama_model get() {
    if (model == null) {
      model = LlamaModels.load(path(), llama_model_default_params());
    }
    return model;
  }

  /** A context configured for bit-exact repeatability: F32 KV cache, no flash attention. */
  static llama_context newContext(int nCtx) {
    llama_context_params p = llama_context_default_params();
    p.n_ctx(nCtx).n_batch(nCtx).n_threads(2).n_threads_batch(2);
    p.flash_attn_type(LLAMA_FLASH_ATTN_TYPE_DISABLED).type_k(GGML_TYPE_F32).type_v(GGML_TYPE_F32);
    llama_context ctx = llama_init_from_model(get(), p);
    if (ctx == null || ctx.isNull()) {
      throw new LlamaException("context creation failed: " + LlamaLog.takeErrors());
    }
    return ctx;
  }

  /** Greedy continuation of {@code prompt} for {@code n} tokens in a fresh context. */
  static int[] greedy(int[] prompt, int n) {
    llama_context ctx = newContext(256);
    llama_sampler greedy = llama_sampler_init_greedy();
    try {
      int[] out = new int[n];
      int[] batch = prompt;
      for (int i = 0; i < n; i++) {
        int rc = LlamaDecoding.decode(ctx, batch);
        if (rc != 0) {
          throw new LlamaException("llama_decode returned " + rc);
        }
        out[i] = llama_sampler_sample(greedy, ctx, -1);
        batch = new int[] {out[i]};
      }
      return out;
    } finally {
      llama_sampler_free(greedy);
      llama_free(ctx);
    }
  }
}
