package io.slm4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ChatMessage;
import io.slm4j.ChatSession;
import io.slm4j.ContextOverflowException;
import io.slm4j.FinishReason;
import io.slm4j.GenerationConfig;
import io.slm4j.GenerationException;
import io.slm4j.GenerationStats;
import io.slm4j.ModelInfo;
import io.slm4j.ModelNotFoundException;
import io.slm4j.Slm;
import io.slm4j.SlmModel;
import io.slm4j.TokenStream;
import io.slm4j.UnsupportedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every backend must show through the slm4j API, run unchanged on each. */
class ContractTest {
  private static final String PROMPT = "The capital of France is";
  private static final GenerationConfig GREEDY_32 = GenerationConfig.builder().greedy().maxTokens(32).build();

  static java.util.stream.Stream<String> backends() {
    return Models.backends();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void greedyIsDeterministicAndCountsMaxTokens(String backend) {
    SlmModel m = Models.shared(backend);
    String a = m.generate(PROMPT, GREEDY_32);
    GenerationStats s = m.lastStats();
    assertEquals(a, m.generate(PROMPT, GREEDY_32));
    assertEquals(FinishReason.MAX_TOKENS, s.finishReason(), s.toString());
    assertEquals(32, s.generatedTokens());
    assertEquals(m.tokenizer().encode(PROMPT).length, s.promptTokens());
    assertEquals(backend, s.backend());
    assertTrue(s.decodeTokensPerSecond() > 0 && s.timeToFirstTokenNanos() > 0, s.toString());
    assertTrue(a.length() > 10, "output: " + a);

    String five = m.generate(PROMPT, GREEDY_32.toBuilder().maxTokens(5).build());
    assertEquals(5, m.lastStats().generatedTokens());
    assertTrue(a.startsWith(five), "5-token output is a prefix of the 32-token one: " + five + " / " + a);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void stopStringsEndTheOutputAndNeverAppearInIt(String backend) {
    SlmModel m = Models.shared(backend);
    String full = m.generate(PROMPT, GREEDY_32);
    // A stop string from the middle of the known greedy output, spanning token boundaries.
    String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
    String cut = m.generate(PROMPT, GREEDY_32.toBuilder().stopStrings("\u0000never", stop).build());
    assertEquals(full.substring(0, full.indexOf(stop)), cut);
    assertFalse(cut.contains(stop));
    assertEquals(FinishReason.STOP_STRING, m.lastStats().finishReason());

    List<String> chunks = new ArrayList<>();
    m.stream(PROMPT, GREEDY_32.toBuilder().stopStrings(stop).build(), chunks::add);
    assertEquals(cut, String.join("", chunks));
    for (String c : chunks) {
      assertFalse(c.isEmpty());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aSeedReproducesSampledOutput(String backend) {
    SlmModel m = Models.shared(backend);
    GenerationConfig cfg = GenerationConfig.builder().temperature(1.5).topK(0).topP(1.0).minP(0).seed(42)
        .maxTokens(16).build();
    String a = m.generate(PROMPT, cfg);
    assertEquals(a, m.generate(PROMPT, cfg));
    Set<String> outputs = new HashSet<>();
    for (long seed = 1; seed <= 3; seed++) {
      outputs.add(m.generate(PROMPT, cfg.toBuilder().seed(seed).build()));
    }
    assertTrue(outputs.size() > 1, "different seeds gave the same output: " + outputs);
    String filtered = m.generate(PROMPT, GenerationConfig.builder().temperature(0.7).topK(5).topP(0.9).minP(0.1)
        .repetitionPenalty(1.3).seed(7).maxTokens(16).build());
    assertEquals(16, m.lastStats().generatedTokens());
    assertFalse(filtered.isEmpty());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void streamingGivesTheBlockingTextInWholeCharacters(String backend) {
    SlmModel m = Models.shared(backend);
    String prompt = "日本語のテキスト 🙂 emoji";
    String blocking = m.generate(prompt, GREEDY_32);
    List<String> chunks = new ArrayList<>();
    GenerationStats s = m.stream(prompt, GREEDY_32, chunks::add);
    assertEquals(blocking, String.join("", chunks));
    assertEquals(32, s.generatedTokens());
    StringBuilder iterated = new StringBuilder();
    try (TokenStream t = m.tokens(prompt, GREEDY_32)) {
      t.forEachRemaining(iterated::append);
      assertEquals(FinishReason.MAX_TOKENS, t.stats().finishReason());
    }
    assertEquals(blocking, iterated.toString());
    for (String c : chunks) {
      assertFalse(Character.isLowSurrogate(c.charAt(0)), "chunk starts inside a surrogate pair");
      assertFalse(Character.isHighSurrogate(c.charAt(c.length() - 1)), "chunk ends inside a surrogate pair");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void chatReusesTheKvCacheAndMatchesAFreshSession(String backend) {
    SlmModel m = Models.shared(backend);
    GenerationConfig cfg = GenerationConfig.builder().greedy().maxTokens(12).build();
    String a1;
    String a2;
    GenerationStats second;
    try (ChatSession chat = m.chat()) {
      chat.system("You are terse.");
      a1 = chat.send("Name a colour.", cfg);
      a2 = chat.send("And a number?", cfg);
      second = chat.lastStats();
      assertEquals(5, chat.history().size());
      assertEquals(new ChatMessage("assistant", a2), chat.history().get(4));
    }
    assertTrue(second.reusedPromptTokens() > 10, "second turn reused " + second);
    // Sessions are shared, so a fresh chat on the same model would reuse the cached prefix too: compare
    // against a model that has never seen the conversation.
    try (SlmModel other = Slm.load(Models.tiny(backend)).backend(backend).threads(2).open();
        ChatSession fresh = other.chat()) {
      fresh.system("You are terse.").add("user", "Name a colour.").add("assistant", a1);
      assertEquals(a2, fresh.send("And a number?", cfg));
      assertEquals(0, fresh.lastStats().reusedPromptTokens());
    }
    ChatSession closed = m.chat();
    closed.close();
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.send("hi", cfg));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void cancellationFromAnotherThreadAndAbandonedStreams(String backend) throws Exception {
    SlmModel m = Models.shared(backend);
    GenerationConfig longRun = GenerationConfig.builder().greedy().maxTokens(2000).build();
    CountDownLatch first = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<GenerationStats> running = pool.submit(() -> m.stream(PROMPT, longRun, t -> first.countDown()));
      assertTrue(first.await(60, TimeUnit.SECONDS));
      m.cancel();
      GenerationStats s = running.get(60, TimeUnit.SECONDS);
      assertEquals(FinishReason.CANCELLED, s.finishReason());
      assertTrue(s.generatedTokens() < 2000);
    } finally {
      pool.shutdownNow();
    }
    try (TokenStream t = m.tokens(PROMPT, longRun)) {
      assertTrue(t.hasNext());
      t.next();
    } // abandoned: closing it frees the session
    assertEquals(FinishReason.CANCELLED, m.lastStats().finishReason());
    try (TokenStream t = m.tokens(PROMPT, longRun)) {
      t.next();
      t.cancel();
      while (t.hasNext()) {
        t.next();
      }
      assertEquals(FinishReason.CANCELLED, t.stats().finishReason());
    }
    // The model still works after all that, and a listener that throws stops generation.
    assertEquals(m.generate(PROMPT, GREEDY_32), m.generate(PROMPT, GREEDY_32));
    GenerationException e = assertThrows(GenerationException.class,
        () -> m.stream(PROMPT, GREEDY_32, t -> {
          throw new IllegalStateException("listener failure");
        }));
    assertEquals("listener failure", e.getCause().getMessage());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void oneModelServesManyThreads(String backend) throws Exception {
    SlmModel m = Models.shared(backend);
    String expected = m.generate(PROMPT, GREEDY_32);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> m.generate(PROMPT, GREEDY_32)));
      }
      for (Future<String> f : results) {
        assertEquals(expected, f.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void tokenizerAndModelInfo(String backend) {
    SlmModel m = Models.shared(backend);
    String text = "Hello, 世界 🙂 <|im_start|>";
    int[] ids = m.tokenizer().encode(text);
    assertEquals("Hello, 世界 🙂 ", m.tokenizer().decode(ids), "control tokens are left out");
    assertEquals("Hello, 世界 🙂", m.tokenizer().decode(m.tokenizer().encode("Hello, 世界 🙂")));
    assertTrue(m.tokenizer().vocabularySize() >= 151643, "the qwen2 vocabulary");
    assertTrue(ids[ids.length - 1] >= 151643, "special-token text becomes the special token");
    assertThrows(IllegalArgumentException.class, () -> m.tokenizer().decode(new int[] {-1}));
    ModelInfo info = m.info();
    assertEquals("qwen2", info.architecture());
    assertEquals(4096, info.contextLength());
    assertEquals(ModelInfo.SizeClass.MICRO, info.sizeClass());
    assertTrue(info.chatTemplate() != null && info.chatTemplate().contains("im_start"));
    assertEquals(backend, info.backend());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void errorsAreTypedAndLifecycleIsEnforced(String backend, @TempDir Path dir) throws Exception {
    Path tiny = Models.tiny(backend);
    assertThrows(ModelNotFoundException.class, () -> Slm.load(dir.resolve("missing")).backend(backend).open());
    assertThrows(UnsupportedModelException.class, () -> Slm.load(dir).backend(backend).open());
    assertThrows(IllegalArgumentException.class, () -> Slm.load(tiny).contextSize(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().temperature(-1));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().topP(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().maxTokens(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().stopStrings(""));
    AtomicReference<Float> seen = new AtomicReference<>();
    assertThrows(io.slm4j.ModelLoadException.class,
        () -> Slm.load(tiny).backend(backend).onProgress(p -> {
          seen.set(p);
          return false;
        }).open());
    assertTrue(seen.get() != null, "the progress listener was called");

    SlmModel small = Slm.load(tiny).backend(backend).contextSize(32).open();
    String longPrompt = "word ".repeat(60);
    ContextOverflowException overflow = assertThrows(ContextOverflowException.class,
        () -> small.generate(longPrompt, GREEDY_32));
    assertTrue(overflow.getMessage().contains("32"), overflow.getMessage());
    // A generation that fills the context ends with CONTEXT_FULL, not an error.
    small.generate("Hi", GenerationConfig.builder().greedy().maxTokens(100).build());
    assertEquals(FinishReason.CONTEXT_FULL, small.lastStats().finishReason());
    assertEquals(32 - small.tokenizer().encode("Hi").length + 1, small.lastStats().generatedTokens(),
        "every position evaluated, plus the token sampled from the last one");
    TokenStream open = small.tokens("Hi", GREEDY_32);
    small.close();
    assertDoesNotThrow(small::close);
    assertFalse(open.hasNext(), "a stream of a closed model ends");
    assertThrows(IllegalStateException.class, () -> small.generate("Hi", GREEDY_32));
    assertThrows(IllegalStateException.class, small::chat);
    assertThrows(IllegalStateException.class, small::info);
    assertThrows(IllegalStateException.class, () -> small.tokenizer());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void closeWaitsForAGenerationInProgress(String backend) throws Exception {
    SlmModel m = Slm.load(Models.tiny(backend)).backend(backend).threads(2).open();
    CountDownLatch first = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<GenerationStats> running = pool.submit(() -> m.stream(PROMPT,
          GenerationConfig.builder().greedy().maxTokens(2000).build(), t -> first.countDown()));
      assertTrue(first.await(60, TimeUnit.SECONDS));
      m.close();
      assertEquals(FinishReason.CANCELLED, running.get(60, TimeUnit.SECONDS).finishReason());
      assertNotEquals(null, m.lastStats());
    } finally {
      pool.shutdownNow();
    }
    assertThrows(IllegalStateException.class, () -> m.generate(PROMPT, GREEDY_32));
    assertTrue(Files.exists(Models.tiny(backend)));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void tokenIdsInAndOut(String backend) {
    SlmModel m = Models.shared(backend);
    int[] prompt = m.tokenizer().encode(PROMPT);
    int[] ids = m.generateIds(prompt, GREEDY_32);
    assertEquals(32, ids.length);
    assertEquals(m.generate(PROMPT, GREEDY_32), m.tokenizer().decode(ids));
    assertArrayEquals(ids, m.generateIds(prompt, GREEDY_32));
  }
}
