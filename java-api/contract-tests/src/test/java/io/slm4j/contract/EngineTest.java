package io.slm4j.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ChatSession;
import io.slm4j.FinishReason;
import io.slm4j.GenerationConfig;
import io.slm4j.GenerationStats;
import io.slm4j.ModelBusyException;
import io.slm4j.ModelLoadException;
import io.slm4j.Slm;
import io.slm4j.SlmModel;
import io.slm4j.TokenStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine under concurrency and misuse: batching never changes results, sessions stay bounded,
 * cancellation belongs to one generation, and every misuse gets the same answer on every backend.
 */
class EngineTest {
  private static final String[] PROMPTS = {"The capital of France is", "Once upon a time", "1, 2, 3,",
      "The weather today", "Java is", "My favourite colour", "In the beginning", "Hello"};

  static java.util.stream.Stream<String> backends() {
    return Models.backends();
  }

  private static SlmModel open(String backend, int parallel) {
    // Exact mode: the promise is identical ids alone and batched under the agreement settings.
    return Slm.load(Models.tiny(backend)).backend(backend).threads(2).parallel(parallel).exact(true).open();
  }

  private static GenerationConfig cfg(int i) {
    // Half greedy, half seeded sampling: both must be independent of what runs beside them.
    GenerationConfig.Builder b = GenerationConfig.builder().maxTokens(24);
    return (i % 2 == 0 ? b.greedy() : b.temperature(0.8).topK(40).seed(1000 + i)).build();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aSequenceGivesTheSameIdsAloneAndBesideSevenOthers(String backend) throws Exception {
    try (SlmModel m = open(backend, 8)) {
      int[][] prompts = new int[8][];
      int[][] alone = new int[8][];
      for (int i = 0; i < 8; i++) {
        prompts[i] = m.tokenizer().encode(PROMPTS[i]);
        alone[i] = m.generateIds(prompts[i], cfg(i));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<int[]>> together = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int k = i;
          together.add(pool.submit(() -> {
            start.await();
            return m.generateIds(prompts[k], cfg(k));
          }));
        }
        for (int i = 0; i < 8; i++) {
          assertArrayEquals(alone[i], together.get(i).get(120, TimeUnit.SECONDS),
              backend + ": sequence " + i + " alone vs beside 7 others");
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(m.openSessions() <= 8);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aTwentyTurnChatCompletesEveryTurn(String backend) {
    try (SlmModel m = open(backend, 2); ChatSession chat = m.chat()) {
      GenerationConfig cfg = GenerationConfig.builder().greedy().maxTokens(6).build();
      chat.system("You are terse.");
      for (int turn = 1; turn <= 20; turn++) {
        chat.send("Turn " + turn + ": say something.", cfg);
        GenerationStats s = chat.lastStats();
        assertTrue(s.generatedTokens() > 0 || s.finishReason() == FinishReason.END_OF_SEQUENCE, backend + " " + s);
        if (turn > 1) {
          assertTrue(s.reusedPromptTokens() > 0, backend + " turn " + turn + " reused its cache: " + s);
        }
      }
      assertEquals(41, chat.history().size());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void callersBeyondTheBoundWaitInAQueueWithATimeout(String backend) throws Exception {
    try (SlmModel m = Slm.load(Models.tiny(backend)).backend(backend).threads(2).parallel(1)
        .queueTimeout(Duration.ofMillis(200)).open()) {
      assertEquals(1, m.parallelism());
      GenerationConfig longRun = GenerationConfig.builder().greedy().maxTokens(2000).build();
      try (TokenStream busy = m.tokens("Once upon a time", longRun)) {
        busy.next();
        ModelBusyException e = assertThrows(ModelBusyException.class, () -> m.generate("Hi", cfg(0)));
        assertTrue(e.getMessage().contains("1 sessions"), e.getMessage());
        assertEquals(1, m.openSessions());
      }
      // The session is free again once the stream is closed.
      assertTrue(m.generate("Hi", cfg(0)).length() > 0);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aLateCloseOfAFinishedStreamCancelsNobodyElse(String backend) throws Exception {
    try (SlmModel m = open(backend, 1)) {
      GenerationConfig shortRun = GenerationConfig.builder().greedy().maxTokens(3).build();
      TokenStream finished = m.tokens("Hello", shortRun);
      while (finished.hasNext()) {
        finished.next();
      }
      String expected = m.generate("Once upon a time", cfg(0));
      // The one session now serves another caller; the old stream's close must not touch it.
      CountDownLatch first = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<String> other = pool.submit(() -> {
          StringBuilder sb = new StringBuilder();
          m.stream("Once upon a time", cfg(0), t -> {
            sb.append(t);
            first.countDown();
          });
          return sb.toString();
        });
        assertTrue(first.await(60, TimeUnit.SECONDS));
        finished.close();
        finished.cancel();
        assertEquals(expected, other.get(60, TimeUnit.SECONDS));
        assertEquals(FinishReason.MAX_TOKENS, m.lastStats().finishReason());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void misuseGetsOneAnswerOnEveryBackend(String backend) throws Exception {
    SlmModel m = Models.shared(backend);
    // A chunk fetched before close() is not handed out after it.
    TokenStream s = m.tokens("Once upon a time", cfg(0));
    assertTrue(s.hasNext());
    s.close();
    assertFalse(s.hasNext());
    // Empty prompts and NUL characters: IllegalArgumentException everywhere.
    assertThrows(IllegalArgumentException.class, () -> m.generate("", cfg(0)));
    assertThrows(IllegalArgumentException.class, () -> m.generate("a\0b", cfg(0)));
    assertThrows(IllegalArgumentException.class, () -> m.tokenizer().encode("a\0b"));
    // Unknown option keys are rejected before loading, naming the known ones (openvino.* keys are
    // OpenVINO properties, which the plugin itself checks).
    for (String key : List.of("llama-cpp.flash_attention", "nobackend.threads", "threads")) {
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> Slm.load(Models.tiny(backend)).backend(backend).option(key, "1").open());
      assertTrue(unknown.getMessage().contains(key) && unknown.getMessage().contains(backend), unknown.getMessage());
    }
    // A context larger than the model was trained for: rejected, not clamped or accepted.
    int trained = m.info().contextLength();
    IllegalArgumentException ctx = assertThrows(IllegalArgumentException.class,
        () -> Slm.load(Models.tiny(backend)).backend(backend).contextSize(trained + 1).open());
    assertTrue(ctx.getMessage().contains(Integer.toString(trained)), ctx.getMessage());
    // A progress listener that throws: ModelLoadException with it as the cause.
    ModelLoadException load = assertThrows(ModelLoadException.class,
        () -> Slm.load(Models.tiny(backend)).backend(backend).onProgress(p -> {
          throw new IllegalStateException("listener bug");
        }).open());
    assertEquals("listener bug", load.getCause().getMessage());
    // send() from inside the chat's own listener.
    try (ChatSession chat = m.chat()) {
      AtomicReference<Throwable> inner = new AtomicReference<>();
      chat.send("Hi", cfg(0), t -> {
        if (inner.get() == null) {
          inner.set(assertThrows(IllegalStateException.class, () -> chat.send("again", cfg(0))));
        }
      });
      assertTrue(inner.get().getMessage().contains("listener"), inner.get().getMessage());
      assertEquals(2, chat.history().size(), "only the outer turn joined the conversation");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void threadInterruptEndsTheGenerationAsCancelledAndKeepsTheFlag(String backend) throws Exception {
    SlmModel m = Models.shared(backend);
    AtomicReference<GenerationStats> stats = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    CountDownLatch first = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      stats.set(m.stream("Once upon a time", GenerationConfig.builder().greedy().maxTokens(2000).build(),
          x -> first.countDown()));
      flag.set(Thread.currentThread().isInterrupted());
    });
    t.start();
    assertTrue(first.await(60, TimeUnit.SECONDS));
    t.interrupt();
    t.join(60_000);
    assertFalse(t.isAlive());
    assertEquals(FinishReason.CANCELLED, stats.get().finishReason());
    assertTrue(stats.get().generatedTokens() < 2000);
    assertTrue(flag.get(), "the interrupt flag stays set");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aStreamLeftUnclosedIsReclaimed(String backend) throws Exception {
    try (SlmModel m = Slm.load(Models.tiny(backend)).backend(backend).threads(2).parallel(1)
        .queueTimeout(Duration.ofSeconds(30)).open()) {
      forget(m);
      // The only session is lent to the forgotten stream until the cleaner gives it back.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String out = null;
      while (out == null && System.nanoTime() < deadline) {
        System.gc();
        try (TokenStream s = m.tokens("Hi", cfg(0))) {
          out = s.hasNext() ? s.next() : "";
        } catch (RuntimeException e) {
          throw e;
        }
      }
      assertTrue(out != null, "the session came back");
    }
  }

  private static void forget(SlmModel m) {
    TokenStream s = m.tokens("Once upon a time", cfg(0));
    s.next();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aCancelIsNotLoggedAsAnError(String backend) throws Exception {
    List<LogRecord> severe = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
          severe.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(h);
    try {
      SlmModel m = Models.shared(backend);
      for (int i = 0; i < 3; i++) {
        try (TokenStream s = m.tokens("word ".repeat(300), GenerationConfig.builder().greedy().maxTokens(200).build())) {
          s.cancel(); // during the prompt's evaluation, where llama.cpp aborts a decode
          while (s.hasNext()) {
            s.next();
          }
          assertEquals(FinishReason.CANCELLED, s.stats().finishReason());
        }
      }
    } finally {
      root.removeHandler(h);
    }
    assertEquals(List.of(), severe.stream().map(LogRecord::getMessage).toList());
  }

  /**
   * 32 threads mixing blocking calls, streams, chats, cancels and closes on one model: every result
   * that ran to its end equals its single-threaded run, sessions stay within the bound, memory flat.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void thirtyTwoThreadsOfMixedWorkOnOneModel(String backend) throws Exception {
    try (SlmModel m = open(backend, 4)) {
      String[] expected = new String[PROMPTS.length];
      for (int i = 0; i < PROMPTS.length; i++) {
        expected[i] = m.generate(PROMPTS[i], cfg(i));
      }
      String chatReply;
      try (ChatSession c = m.chat()) {
        chatReply = c.send("Hi", cfg(0));
      }
      long rssBefore = rss();
      AtomicInteger maxSessions = new AtomicInteger();
      AtomicInteger checked = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
          int k = t;
          all.add(pool.submit(() -> {
            for (int round = 0; round < 3; round++) {
              int i = (k + round) % PROMPTS.length;
              switch ((k + round) % 5) {
                case 0 -> {
                  assertEquals(expected[i], m.generate(PROMPTS[i], cfg(i)));
                  checked.incrementAndGet();
                }
                case 1 -> {
                  StringBuilder sb = new StringBuilder();
                  try (TokenStream s = m.tokens(PROMPTS[i], cfg(i))) {
                    s.forEachRemaining(sb::append);
                  }
                  assertEquals(expected[i], sb.toString());
                  checked.incrementAndGet();
                }
                case 2 -> {
                  try (ChatSession c = m.chat()) {
                    assertEquals(chatReply, c.send("Hi", cfg(0)));
                    checked.incrementAndGet();
                  }
                }
                case 3 -> {
                  try (TokenStream s = m.tokens(PROMPTS[i], cfg(i))) {
                    if (s.hasNext()) {
                      s.next();
                    }
                    s.cancel();
                    s.forEachRemaining(x -> { });
                    assertEquals(FinishReason.CANCELLED, s.stats().finishReason());
                  }
                }
                default -> {
                  TokenStream s = m.tokens(PROMPTS[i], cfg(i));
                  if (s.hasNext()) {
                    s.next();
                  }
                  s.close(); // closed early, from the same thread
                  assertFalse(s.hasNext());
                }
              }
              maxSessions.accumulateAndGet(m.openSessions(), Math::max);
            }
            return null;
          }));
        }
        for (Future<?> f : all) {
          f.get(600, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(maxSessions.get() <= 4, "native sessions stayed within the bound: " + maxSessions.get());
      assertTrue(checked.get() >= 50, "checked " + checked.get());
      long rssAfter = rss();
      System.out.printf("%s: 32-thread stress, %d results checked, max sessions %d, RSS %d MB -> %d MB%n",
          backend, checked.get(), maxSessions.get(), rssBefore >> 20, rssAfter >> 20);
    }
  }

  private static long rss() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    }
    return -1;
  }
}
