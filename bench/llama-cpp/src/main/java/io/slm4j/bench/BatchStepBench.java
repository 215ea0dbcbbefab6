package io.slm4j.bench;

import io.slm4j.Device;
import io.slm4j.backend.llama.LlamaBackend;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendSession;
import io.slm4j.spi.LoadOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The llama.cpp adapter's batch step alone, without the engine or sampling: {@code npl} sessions,
 * a prompt of {@code pp} random ids each, then {@code tg} steps of one random id per session in one
 * {@code appendAll}. Tells the engine's cost apart from the batch step's. Prints
 * {@code step NPL S_TG}.
 *
 * <pre>BatchStepBench MODEL.gguf THREADS PP TG NPL</pre>
 */
public final class BatchStepBench {
  public static void main(String[] args) {
    Path model = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int pp = Integer.parseInt(args[2]);
    int tg = Integer.parseInt(args[3]);
    int npl = Integer.parseInt(args[4]);
    Random random = new Random(1);
    try (BackendModel m = new LlamaBackend().open(model,
        new LoadOptions(Device.CPU, threads, pp + tg + 16, 0, null, Map.of(), npl))) {
      m.reserve(npl);
      BackendSession[] s = new BackendSession[npl];
      int[][] prompts = new int[npl][pp];
      for (int i = 0; i < npl; i++) {
        s[i] = m.newSession();
        for (int k = 0; k < pp; k++) {
          prompts[i][k] = random.nextInt(32000);
        }
      }
      m.appendAll(s, prompts);
      long t0 = System.nanoTime();
      for (int step = 0; step < tg; step++) {
        int[][] next = new int[npl][];
        for (int i = 0; i < npl; i++) {
          next[i] = new int[] {random.nextInt(32000)};
        }
        m.appendAll(s, next);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(java.util.Locale.ROOT, "step %d %.2f%n", npl, npl * tg / secs);
    }
  }
}
