package io.slm4j.bench;

import static io.slm4j.llama.global.llama.*;

import io.slm4j.llama.LlamaDecoding;
import io.slm4j.llama.LlamaModels;
import io.slm4j.llama.LlamaNatives;
import io.slm4j.llama.llama_context;
import io.slm4j.llama.llama_context_params;
import io.slm4j.llama.llama_model;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.IntPointer;

/**
 * Measures the llama.cpp preset the way {@code llama-bench} measures llama.cpp: prompt processing
 * of {@code pp} tokens in one batch, and text generation of {@code tg} tokens decoded one at a
 * time, from random token ids in a fresh KV cache, with the same thread count. Prints one line per
 * test: {@code java pp512 <tok/s>} and {@code java tg128 <tok/s>}.
 *
 * <pre>PresetBench MODEL.gguf THREADS PP TG</pre>
 */
public final class PresetBench {
  public static void main(String[] args) {
    Path model = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int pp = Integer.parseInt(args[2]);
    int tg = Integer.parseInt(args[3]);
    LlamaNatives.init();
    llama_model m = LlamaModels.load(model, llama_model_default_params());
    int nVocab = llama_vocab_n_tokens(llama_model_get_vocab(m));
    Random random = new Random(42);
    try {
      // A warm-up run, as llama-bench does, so one-off allocations are not timed.
      run(m, threads, pp, Math.min(tg, 8), nVocab, random);
      double[] r = run(m, threads, pp, tg, nVocab, random);
      System.out.printf("java pp%d %.2f%n", pp, r[0]);
      System.out.printf("java tg%d %.2f%n", tg, r[1]);
    } finally {
      llama_model_free(m);
    }
  }

  private static double[] run(llama_model m, int threads, int pp, int tg, int nVocab, Random random) {
    llama_context_params p = llama_context_default_params();
    p.n_ctx(pp + tg + 16).n_batch(pp).n_ubatch(pp).n_threads(threads).n_threads_batch(threads);
    llama_context ctx = llama_init_from_model(m, p);
    try {
      int[] prompt = random.ints(pp, 0, nVocab).toArray();
      long t0 = System.nanoTime();
      check(LlamaDecoding.decode(ctx, prompt));
      llama_synchronize(ctx);
      double ppRate = pp / ((System.nanoTime() - t0) / 1e9);

      llama_memory_clear(llama_get_memory(ctx), true);
      // One native token buffer reused for every step, as llama-bench does.
      IntPointer one = new IntPointer(1);
      long t1 = System.nanoTime();
      for (int i = 0; i < tg; i++) {
        one.put(0, random.nextInt(nVocab));
        check(llama_decode(ctx, llama_batch_get_one(one, 1)));
      }
      llama_synchronize(ctx);
      double tgRate = tg / ((System.nanoTime() - t1) / 1e9);
      return new double[] {ppRate, tgRate};
    } finally {
      llama_free(ctx);
    }
  }

  private static void check(int rc) {
    if (rc != 0) {
      throw new IllegalStateException("llama_decode returned " + rc);
    }
  }
}
