package io.slm4j.bench;

import io.slm4j.GenerationConfig;
import io.slm4j.GenerationStats;
import io.slm4j.Slm;
import io.slm4j.SlmModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the slm4j engine the way {@code llama-batched-bench} measures llama.cpp: {@code npl}
 * callers start together, each with its own prompt of {@code pp} random token ids, and each
 * generates {@code tg} tokens (seeded sampling; an early end-of-sequence is counted as it is).
 * Aggregate text-generation speed is the tokens sampled from the moment every caller has its first
 * token to the last caller's end, divided by that time (llama-batched-bench's {@code S_TG}: its
 * text-generation phase starts after all prompts are evaluated). Prints per parallelism:
 * {@code java NPL S_TG p50_ms p95_ms generated}.
 *
 * <pre>EngineBench MODEL.gguf THREADS PP TG NPL[,NPL...]</pre>
 */
public final class EngineBench {
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int pp = Integer.parseInt(args[2]);
    int tg = Integer.parseInt(args[3]);
    int[] npls = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
    int max = Arrays.stream(npls).max().orElse(1);
    try (SlmModel m = Slm.load(model).threads(threads).parallel(max).contextSize(pp + tg + 16).open()) {
      Random random = new Random(42);
      int vocab = m.tokenizer().vocabularySize();
      run(m, random, vocab, pp, Math.min(tg, 16), 1, false); // warm-up
      for (int npl : npls) {
        run(m, random, vocab, pp, tg, npl, true);
      }
    }
  }

  private static void run(SlmModel m, Random random, int vocab, int pp, int tg, int npl, boolean print)
      throws Exception {
    int[][] prompts = new int[npl][pp];
    for (int[] p : prompts) {
      for (int i = 0; i < pp; i++) {
        p[i] = random.nextInt(Math.min(vocab, 32000));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(npl);
    CyclicBarrier start = new CyclicBarrier(npl);
    long[] begin = new long[npl];
    long[] first = new long[npl];
    long[] end = new long[npl];
    int[] generated = new int[npl];
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int k = 0; k < npl; k++) {
        int j = k;
        all.add(pool.submit(() -> {
          GenerationConfig cfg = GenerationConfig.builder().temperature(1.0).seed(j).maxTokens(tg).build();
          start.await();
          begin[j] = System.nanoTime();
          int[] out = m.generateIds(prompts[j], cfg);
          end[j] = System.nanoTime();
          GenerationStats s = m.lastStats();
          first[j] = end[j] - s.decodeNanos();
          generated[j] = out.length;
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    // llama-batched-bench's TG phase starts once every prompt is evaluated: from the last caller's
    // first token to the last end, counting each caller's tokens in that window (its decode runs at
    // a steady rate, so the share of its tokens is the share of its decode time in the window).
    long tgStart = Arrays.stream(first).max().getAsLong();
    long tgEnd = Arrays.stream(end).max().getAsLong();
    double tokens = 0;
    for (int j = 0; j < npl; j++) {
      if (generated[j] > 1 && end[j] > first[j]) {
        tokens += (generated[j] - 1) * (double) Math.max(0, end[j] - tgStart) / (end[j] - first[j]);
      }
    }
    double sTg = tgEnd > tgStart ? tokens * 1e9 / (tgEnd - tgStart) : 0;
    double[] latency = new double[npl];
    for (int j = 0; j < npl; j++) {
      latency[j] = (end[j] - begin[j]) / 1e6;
    }
    Arrays.sort(latency);
    if (!print) {
      return;
    }
    System.out.printf(java.util.Locale.ROOT, "java %d %.2f %.0f %.0f %d%n", npl, sTg, latency[(npl - 1) / 2],
        latency[Math.min(npl - 1, (int) Math.ceil(0.95 * npl) - 1)], Arrays.stream(generated).sum());
  }
}
