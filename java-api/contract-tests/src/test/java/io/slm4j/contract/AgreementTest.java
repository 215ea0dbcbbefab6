package io.slm4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.slm4j.Device;
import io.slm4j.GenerationConfig;
import io.slm4j.SlmModel;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendProvider;
import io.slm4j.spi.BackendSession;
import io.slm4j.spi.LoadOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The same F32 weights in every runtime's format give the same prompt ids and the same 32 greedy ids
 * through the slm4j API. A divergence fails the test with the logits of both runtimes at that step
 * (top-1 margin), so a numerical near-tie is visible as such, never hidden by a looser check.
 */
class AgreementTest {
  private static final int TOKENS = 32;
  private static final GenerationConfig GREEDY = GenerationConfig.builder().greedy().maxTokens(TOKENS).build();

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
    List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
    String[] prompts = {"The capital of France is", "北京是中国的首都，也是一座", "I love 🍕 and 🎉, because",
        "def fibonacci(n):\n    if n < 2:\n        return n\n"};
    for (String prompt : prompts) {
      out.add(org.junit.jupiter.params.provider.Arguments.of("tiny", prompt));
    }
    // SmolLM2 (135M, F32) costs ~8 s a prompt on the 2-core CI machine: CJK and code only. On
    // "The capital of France is" it ends after 29 tokens (end of sequence, identically on both).
    out.add(org.junit.jupiter.params.provider.Arguments.of("smollm2", prompts[1]));
    out.add(org.junit.jupiter.params.provider.Arguments.of("smollm2", prompts[3]));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @org.junit.jupiter.params.provider.MethodSource("cases")
  void f32WeightsGiveIdenticalIdsOnEveryBackend(String family, String prompt) {
    List<String> backends = Models.backends().toList();
    Map<String, int[]> promptIds = new java.util.LinkedHashMap<>();
    Map<String, int[]> outIds = new java.util.LinkedHashMap<>();
    for (String b : backends) {
      SlmModel m = Models.shared(family, b);
      promptIds.put(b, m.tokenizer().encode(prompt));
      outIds.put(b, m.generateIds(promptIds.get(b), GREEDY));
    }
    String first = backends.get(0);
    StringBuilder report = new StringBuilder();
    for (String b : backends) {
      report.append(String.format(Locale.ROOT, "%n  %-18s prompt %s%n  %-18s greedy %s", b,
          Arrays.toString(promptIds.get(b)), "", Arrays.toString(outIds.get(b))));
    }
    System.out.println(family + " agreement on \"" + prompt.replace("\n", "\\n") + "\":" + report);
    for (String b : backends) {
      assertArrayEquals(promptIds.get(first), promptIds.get(b), "tokenizers disagree:" + report);
      assertEquals(TOKENS, outIds.get(b).length, b + " stopped early (end of sequence):" + report);
    }
    for (String b : backends.subList(1, backends.size())) {
      int[] x = outIds.get(first);
      int[] y = outIds.get(b);
      int at = 0;
      while (at < TOKENS && x[at] == y[at]) {
        at++;
      }
      if (at < TOKENS) {
        fail("greedy ids of " + first + " and " + b + " diverge at step " + at + ":" + report + "\n"
            + explain(family, promptIds.get(first), Arrays.copyOf(x, at), first, b));
      }
    }
  }

  /**
   * A chat turn goes through core's one prompt builder: "Hi" with no system message is the same
   * prompt (the template's default system prompt included) and the same greedy reply everywhere.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"tiny", "smollm2"})
  void chatTurnHasTheSamePromptAndReplyOnEveryBackend(String family) {
    Map<String, Integer> promptTokens = new java.util.LinkedHashMap<>();
    Map<String, String> replies = new java.util.LinkedHashMap<>();
    GenerationConfig cfg = GenerationConfig.builder().greedy().maxTokens(16).build();
    for (String b : Models.backends().toList()) {
      try (io.slm4j.ChatSession chat = Models.shared(family, b).chat()) {
        replies.put(b, chat.send("Hi", cfg));
        promptTokens.put(b, chat.lastStats().promptTokens());
      }
    }
    System.out.println(family + " chat \"Hi\": prompt tokens " + promptTokens + ", replies " + replies);
    assertEquals(1, promptTokens.values().stream().distinct().count(), "prompts differ: " + promptTokens);
    assertEquals(1, replies.values().stream().distinct().count(), "replies differ: " + replies);
  }

  /** Logits of both runtimes after prompt + the common prefix: their two best tokens and the gap. */
  private static String explain(String family, int[] prompt, int[] prefix, String... backends) {
    int[] context = new int[prompt.length + prefix.length];
    System.arraycopy(prompt, 0, context, 0, prompt.length);
    System.arraycopy(prefix, 0, context, prompt.length, prefix.length);
    List<String> lines = new ArrayList<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (!Arrays.asList(backends).contains(p.id())) {
        continue;
      }
      try (BackendModel m = p.open(Models.fixture(family, p.id()), new LoadOptions(Device.CPU, 2, 512, 0, null, Map.of("slm4j.exact", "true")));
          BackendSession s = m.newSession()) {
        s.append(context);
        float[] logits = new float[m.vocabularySize()];
        s.logits(logits);
        int a = 0;
        for (int i = 1; i < logits.length; i++) {
          if (logits[i] > logits[a]) {
            a = i;
          }
        }
        int b = a == 0 ? 1 : 0;
        for (int i = 0; i < logits.length; i++) {
          if (i != a && logits[i] > logits[b]) {
            b = i;
          }
        }
        lines.add(String.format(Locale.ROOT, "  %s: top-1 %d (%.6f), top-2 %d (%.6f), margin %.6f", p.id(), a,
            logits[a], b, logits[b], logits[a] - logits[b]));
      }
    }
    return String.join("\n", lines);
  }
}
