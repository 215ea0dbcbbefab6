package io.slm4j.examples.openvino;

import io.slm4j.backend.openvino.GenerationOptions;
import io.slm4j.backend.openvino.GenerationResult;
import io.slm4j.backend.openvino.LoadOptions;
import io.slm4j.backend.openvino.OpenVinoChat;
import io.slm4j.backend.openvino.OpenVinoLlm;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generate FOLDER PROMPT [MAX_NEW_TOKENS [RUNS [DEVICE [--bench] [KEY=VALUE...]]]]
 *
 * <p>Streams a greedy continuation of PROMPT. With --bench: one warm-up, then RUNS timed
 * generations with EOS ignored, each printed as a JSON line (the same fields as
 * bench/openvino/genai_bench.py prints for OpenVINO GenAI).
 */
public final class Generate {
  private Generate() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: Generate FOLDER PROMPT [MAX_NEW_TOKENS [RUNS [DEVICE [--bench] [KEY=VALUE...]]]]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    String prompt = args[1];
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String device = args.length > 4 ? args[4] : "CPU";
    boolean bench = false;
    LoadOptions.Builder load = LoadOptions.builder().device(device);
    for (int i = 5; i < args.length; i++) {
      if (args[i].equals("--bench")) {
        bench = true;
      } else if (args[i].contains("=")) {
        load.property(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
      }
    }
    long t0 = System.nanoTime();
    try (OpenVinoLlm llm = OpenVinoLlm.load(folder, load.build())) {
      double loadS = (System.nanoTime() - t0) / 1e9;
      if (!bench) {
        System.err.println("devices: " + OpenVinoLlm.availableDevices() + ", loaded in "
            + String.format(Locale.ROOT, "%.2f s", loadS));
        GenerationResult r = llm.generate(prompt, GenerationOptions.greedy(n), chunk -> {
          System.out.print(chunk);
          System.out.flush();
          return true;
        });
        System.out.println();
        System.err.printf(Locale.ROOT, "%d tokens, %s, decode %.1f tok/s%n", r.tokenIds().length,
            r.finishReason(), r.decodeTokensPerSecond());
        try (OpenVinoChat chat = llm.chat()) {
          System.out.println("chat: " + chat.send("Hello!", GenerationOptions.greedy(n)).text());
          GenerationResult second = chat.send("And again?", GenerationOptions.greedy(n));
          System.out.println("chat: " + second.text() + "  [reused " + second.reusedTokens() + " of "
              + second.promptTokens() + " prompt tokens]");
        }
        return;
      }
      GenerationOptions opts = GenerationOptions.builder().maxNewTokens(n).ignoreEos(true).build();
      llm.generate(prompt, opts);
      for (int i = 0; i < runs; i++) {
        GenerationResult r = llm.generate(prompt, opts);
        System.out.printf(Locale.ROOT, "{\"impl\": \"slm4j-openvino-java\", \"load_s\": %.3f, \"prompt_tokens\": %d, "
            + "\"new_tokens\": %d, \"ttft_ms\": %.2f, \"decode_tok_s\": %.2f}%n", loadS, r.promptTokens(),
            r.tokenIds().length, r.prefillNanos() / 1e6, r.decodeTokensPerSecond());
      }
    }
  }
}
