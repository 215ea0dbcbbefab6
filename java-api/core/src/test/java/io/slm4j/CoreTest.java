package io.slm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure-Java parts shared by every backend: sampling, UTF-8 and stop strings, config validation. */
class CoreTest {
  @Test
  void greedyTakesTheFirstLargestLogit() {
    Sampler s = new Sampler(GenerationConfig.greedyDefaults());
    assertEquals(2, s.sample(new float[] {1, 2, 5, 5, 0}, new int[0], 0));
  }

  @Test
  void samplingFiltersAndSeeds() {
    float[] logits = {0f, 10f, 9.5f, 1f, -3f, 9f};
    GenerationConfig top2 = GenerationConfig.builder().temperature(1).topK(2).topP(1).minP(0).seed(3).build();
    Set<Integer> seen = new HashSet<>();
    Sampler s = new Sampler(top2);
    for (int i = 0; i < 200; i++) {
      seen.add(s.sample(logits.clone(), new int[0], 0));
    }
    assertEquals(Set.of(1, 2), seen, "top-k 2 keeps the two best");
    GenerationConfig all = GenerationConfig.builder().temperature(50).topK(0).topP(1).minP(0).seed(3).build();
    Sampler a = new Sampler(all);
    Sampler b = new Sampler(all);
    seen.clear();
    for (int i = 0; i < 300; i++) {
      int x = a.sample(logits.clone(), new int[0], 0);
      assertEquals(x, b.sample(logits.clone(), new int[0], 0), "same seed, same draws");
      seen.add(x);
    }
    assertEquals(6, seen.size(), "a high temperature without filters reaches every token");
    GenerationConfig minP = GenerationConfig.builder().temperature(1).topK(0).topP(1).minP(0.5).seed(1).build();
    Sampler m = new Sampler(minP);
    for (int i = 0; i < 200; i++) {
      int x = m.sample(logits.clone(), new int[0], 0);
      assertTrue(x == 1 || x == 2, "min-p 0.5 drops tokens under half the best probability: " + x);
    }
  }

  @Test
  void repetitionPenaltyDemotesSeenTokens() {
    GenerationConfig cfg = GenerationConfig.builder().greedy().repetitionPenalty(2.0).build();
    float[] logits = {0f, 4f, 3f};
    assertEquals(2, new Sampler(cfg).sample(logits, new int[] {1, 1}, 2));
    assertEquals(2f, logits[1], "positive logits are divided by the penalty, once");
  }

  @Test
  void textNeverSplitsACharacterOrLeaksAStop() {
    TextAssembler t = new TextAssembler(List.of("STOP"));
    byte[] smile = "🙂".getBytes(StandardCharsets.UTF_8);
    assertEquals("a", t.add("a".getBytes(StandardCharsets.UTF_8)));
    assertEquals("", t.add(new byte[] {smile[0], smile[1]}));
    assertEquals("🙂", t.add(new byte[] {smile[2], smile[3]}));
    assertEquals("x", t.add("xST".getBytes(StandardCharsets.UTF_8)), "a possible stop prefix is held back");
    assertEquals("STx", t.add("x".getBytes(StandardCharsets.UTF_8)), "released when it is not a stop");
    assertEquals("y", t.add("ySTO".getBytes(StandardCharsets.UTF_8)));
    assertEquals("", t.add("Pz".getBytes(StandardCharsets.UTF_8)));
    assertTrue(t.stopped());
    assertEquals("", t.finish());
    TextAssembler end = new TextAssembler(List.of("STOP"));
    assertEquals("", end.add("ST".getBytes(StandardCharsets.UTF_8)));
    assertEquals("ST", end.finish(), "held text is released at the end");
    TextAssembler broken = new TextAssembler(List.of());
    assertEquals("", broken.add(new byte[] {smile[0]}));
    assertEquals("\uFFFD", broken.finish());
  }

  @Test
  void configIsValidatedAndImmutable() {
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().maxTokens(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().temperature(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().topK(-1));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().topP(1.5));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().minP(1));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().repetitionPenalty(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().stopStrings("a", null));
    GenerationConfig c = GenerationConfig.builder().temperature(0).seed(5).stopStrings("x").build();
    assertTrue(c.greedy(), "temperature 0 is greedy");
    assertEquals(5, c.seed().getAsLong());
    assertThrows(UnsupportedOperationException.class, () -> c.stopStrings().add("y"));
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertFalse(GenerationConfig.defaults().greedy());
  }

  @Test
  void sizeClasses() {
    assertEquals(ModelInfo.SizeClass.MICRO, info(135_000_000L).sizeClass());
    assertEquals(ModelInfo.SizeClass.SMALL, info(3_800_000_000L).sizeClass());
    assertEquals(ModelInfo.SizeClass.MEDIUM, info(24_000_000_000L).sizeClass());
  }

  private static ModelInfo info(long params) {
    return new ModelInfo("llama", params, "F16", 4096, null, "llama-cpp", Device.CPU);
  }
}
