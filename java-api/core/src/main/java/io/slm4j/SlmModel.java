package io.slm4j;

import io.slm4j.spi.BackendModel;
import io.slm4j.spi.LoadOptions;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A loaded model: an engine that serves many callers at once. Thread-safe.
 *
 * <p>The model holds a bounded number of native sessions ({@code Slm.Builder.parallel}, by default
 * as many as fit, at most 4). Each generation borrows one for its duration (the one whose cached
 * tokens share the longest prefix with its prompt, so a chat's next turn usually finds its own
 * cache) and gives it back when it ends; a caller that finds all of them busy waits in a first-come
 * first-served queue for at most the queue timeout, then gets {@link ModelBusyException}. On
 * llama.cpp all running generations are evaluated together, one batched forward pass per step
 * (continuous batching); on runtimes that cannot batch, one after another. Sampling stays per
 * generation in Java either way, so a seed gives the same tokens alone or beside others.
 *
 * <p>{@link #close()} cancels running generations, waits for native calls in progress, then frees
 * everything, including streams of this model; after it every method throws {@link IllegalStateException}.
 */
public final class SlmModel implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SlmModel.class.getName());
  private static final Cleaner CLEANER = Cleaner.create();

  private final BackendModel backend;
  private final Engine engine;
  private final int capacity;
  private final long queueTimeoutNanos;
  private final Object lock = new Object();
  private final List<Slot> slots = new ArrayList<>();
  private final List<Slot> idle = new ArrayList<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Set<Generation> running = ConcurrentHashMap.newKeySet();
  private final Tokenizer tokenizer;
  private int creating;
  private long clock;
  private boolean closed;
  private boolean released;
  private int inFlight;
  private volatile GenerationStats lastStats;

  SlmModel(BackendModel backend, LoadOptions options, Duration queueTimeout) {
    this.backend = backend;
    this.capacity = options.sequences() > 0 ? options.sequences() : LoadOptions.fitSequences(backend.sessionBytes());
    this.queueTimeoutNanos = queueTimeout.toNanos();
    backend.reserve(capacity);
    this.engine = Engine.of(backend, backend.info().backend());
    this.tokenizer = new Tokenizer() {
      @Override
      public int[] encode(String text) {
        Prompts.check(text, "text");
        enter();
        try {
          return backend.tokenize(text, true);
        } finally {
          exit();
        }
      }

      @Override
      public String decode(int[] ids) {
        checkIds(ids);
        enter();
        try {
          return backend.detokenize(ids);
        } finally {
          exit();
        }
      }

      @Override
      public int vocabularySize() {
        return backend.vocabularySize();
      }
    };
  }

  /**
   * Generates a completion of {@code prompt} (raw text, no chat template).
   *
   * @param prompt the prompt, not empty, without NUL characters
   * @param cfg how to generate
   * @return the generated text (without any stop string)
   * @throws ContextOverflowException if the prompt does not fit in the context
   * @throws ModelBusyException if no session became free within the queue timeout
   * @throws GenerationException if the runtime failed
   * @throws IllegalStateException if the model is closed
   */
  public String generate(String prompt, GenerationConfig cfg) {
    StringBuilder out = new StringBuilder();
    stream(prompt, cfg, out::append);
    return out.toString();
  }

  /**
   * Generates, handing text to {@code listener} as it is produced (see {@link TokenListener}).
   * Interrupting the calling thread ends the generation as {@link FinishReason#CANCELLED} and
   * leaves the thread's interrupt flag set.
   *
   * @param prompt the prompt, not empty, without NUL characters
   * @param cfg how to generate
   * @param listener receives the text
   * @return the stats of this call
   * @throws GenerationException if the runtime failed or the listener threw (then the cause)
   */
  public GenerationStats stream(String prompt, GenerationConfig cfg, TokenListener listener) {
    Prompts.checkPrompt(prompt);
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(listener, "listener");
    return run(tokenizer.encode(prompt), cfg, listener, g -> { }, g -> { });
  }

  /**
   * Generates lazily: each {@code next()} of the returned stream runs the model until a chunk of
   * text is ready. Close the stream (try-with-resources) to stop early and give its session back; a
   * stream left unclosed is closed when it becomes unreachable (and a warning is logged).
   *
   * @param prompt the prompt, not empty, without NUL characters
   * @param cfg how to generate
   * @return the stream
   */
  public TokenStream tokens(String prompt, GenerationConfig cfg) {
    Prompts.checkPrompt(prompt);
    Objects.requireNonNull(cfg, "cfg");
    int[] ids = tokenizer.encode(prompt);
    Slot slot = borrow(ids);
    try {
      Generation g = newGeneration(slot, ids, cfg);
      running.add(g);
      TokenStream.Lease lease = new TokenStream.Lease(this, g, slot);
      TokenStream s = new TokenStream(lease);
      lease.cleanable = CLEANER.register(s, lease::abandoned);
      return s;
    } catch (RuntimeException e) {
      giveBack(slot);
      throw e;
    }
  }

  /**
   * Generates from token ids and returns the generated ids (an end-of-sequence token is not
   * included), for callers that tokenize themselves or compare runtimes token by token.
   *
   * @param promptIds the prompt's token ids, each within the vocabulary
   * @param cfg how to generate; stop strings apply to the decoded text as usual
   * @return the generated token ids
   */
  public int[] generateIds(int[] promptIds, GenerationConfig cfg) {
    Objects.requireNonNull(promptIds, "promptIds");
    Objects.requireNonNull(cfg, "cfg");
    checkIds(promptIds);
    int[][] ids = new int[1][];
    run(promptIds.clone(), cfg, t -> { }, g -> ids[0] = null, g -> ids[0] = g.generatedIds());
    return ids[0];
  }

  /**
   * @return a new chat session, applying the model's chat template. A session holds no native
   *     resources between turns (each turn borrows one of the model's sessions, preferring the one
   *     that still caches the conversation), so an unclosed chat leaks nothing.
   */
  public ChatSession chat() {
    checkOpen();
    return new ChatSession(this);
  }

  /** Cancels every generation running on this model (from any thread); they end with {@link FinishReason#CANCELLED}. */
  public void cancel() {
    for (Generation g : running) {
      g.cancel();
    }
  }

  /** @return the model's tokenizer */
  public Tokenizer tokenizer() {
    checkOpen();
    return tokenizer;
  }

  /** @return what the model is */
  public ModelInfo info() {
    checkOpen();
    return backend.info();
  }

  /** @return the context window of each session, in tokens */
  public int contextSize() {
    checkOpen();
    return backend.contextSize();
  }

  /** @return how many generations run at once at most; more wait in the queue */
  public int parallelism() {
    return capacity;
  }

  /** @return native sessions open now (at most {@link #parallelism()}) */
  public int openSessions() {
    synchronized (lock) {
      return slots.size() + creating;
    }
  }

  /** @return the stats of the generation that ended last on this model (any thread), or {@code null} */
  public GenerationStats lastStats() {
    return lastStats;
  }

  /** Cancels running generations, waits for native calls in progress, frees the model. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        awaitUninterruptibly(() -> released);
        return;
      }
      closed = true;
      lock.notifyAll(); // queued callers give up
    }
    cancel();
    synchronized (lock) {
      awaitUninterruptibly(() -> inFlight == 0 && creating == 0);
    }
    try {
      // Streams left open end here: their decoders may hold native state of the model's tokenizer.
      for (Generation g : running) {
        g.release();
      }
      engine.stop();
      for (Slot s : slots) {
        s.close();
      }
      backend.close();
    } finally {
      synchronized (lock) {
        released = true;
        lock.notifyAll();
      }
    }
  }

  // ---- internal, used by ChatSession and TokenStream ----

  BackendModel backend() {
    return backend;
  }

  void checkOpen() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the model is closed");
      }
    }
  }

  void enter() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the model is closed");
      }
      inFlight++;
    }
  }

  void exit() {
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }

  private void checkIds(int[] ids) {
    int n = backend.vocabularySize();
    for (int id : ids) {
      if (id < 0 || id >= n) {
        throw new IllegalArgumentException("token " + id + " is outside the vocabulary [0, " + n + ")");
      }
    }
  }

  /** Creates a generation inside the close barrier: a decoder may be native state. */
  private Generation newGeneration(Slot slot, int[] ids, GenerationConfig cfg) {
    enter();
    try {
      return new Generation(backend, slot, ids, cfg);
    } finally {
      exit();
    }
  }

  /** Runs one step of a generation as a native call the model's close waits for. */
  String step(Generation g) {
    return step(g, true);
  }

  /**
   * @param counted whether to count the generation as computing for the step's duration; a blocking
   *     run counts itself once for its whole length instead, so the batch driver does not see it
   *     leave between tokens (while its listener runs) and step without it
   */
  private String step(Generation g, boolean counted) {
    synchronized (lock) {
      if (closed) {
        g.release(); // a generation running while the model closes ends as cancelled
        return null;
      }
      inFlight++;
    }
    if (counted) {
      engine.active(1);
    }
    try {
      return g.next();
    } catch (Slm4jException | IllegalArgumentException | IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GenerationException("generation failed in " + backend.info().backend() + ": " + e.getMessage(), e);
    } finally {
      if (counted) {
        engine.active(-1);
      }
      exit();
    }
  }

  /** Runs a whole generation in a borrowed session. */
  GenerationStats run(int[] ids, GenerationConfig cfg, TokenListener listener, Consumer<Generation> started,
      Consumer<Generation> ended) {
    Slot slot = borrow(ids);
    Generation g = null;
    try {
      g = newGeneration(slot, ids, cfg);
      running.add(g);
      started.accept(g);
      engine.active(1);
      try {
        for (String chunk = step(g, false); chunk != null; chunk = step(g, false)) {
          try {
            listener.onToken(chunk);
          } catch (RuntimeException | Error e) {
            g.cancel();
            throw new GenerationException("the token listener threw; generation stopped", e);
          }
        }
      } finally {
        engine.active(-1);
      }
      ended.accept(g);
      return g.stats();
    } finally {
      if (g != null) {
        g.release(); // before leaving `running`: close() then waits for its decoder to be closed
        running.remove(g);
        lastStats = g.stats();
      }
      giveBack(slot);
    }
  }

  /** Ends a stream's generation and takes its session back; the generation can no longer touch it. */
  void finished(Generation g, Slot slot) {
    g.release();
    running.remove(g);
    lastStats = g.stats();
    giveBack(slot);
  }

  private static final class Waiter {
    Slot slot;
    boolean create;
  }

  /**
   * Lends a session: an idle one with the longest cached prefix of {@code prompt} (the least recently
   * used on a tie), a new one while fewer than the capacity exist, else the first one given back
   * after earlier waiters were served.
   */
  private Slot borrow(int[] prompt) {
    Waiter w;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the model is closed");
      }
      if (waiters.isEmpty()) {
        Slot best = null;
        int bestPrefix = -1;
        for (Slot s : idle) {
          int p = s.commonPrefix(prompt);
          if (p > bestPrefix || (p == bestPrefix && s.lastUsed < best.lastUsed)) {
            best = s;
            bestPrefix = p;
          }
        }
        // A fresh session beats evicting another conversation's cache when nothing is shared.
        if (best != null && (bestPrefix > 0 || slots.size() + creating >= capacity)) {
          idle.remove(best);
          return best;
        }
        if (slots.size() + creating < capacity) {
          creating++;
          w = null;
        } else {
          w = new Waiter();
        }
      } else {
        w = new Waiter();
      }
      if (w != null) {
        waitFor(w); // a slot given back, or room to open one
        if (w.slot != null) {
          return w.slot;
        }
      }
    }
    return create(); // outside the lock: a native call

  }

  /** Waits (holding {@code lock}) in the first-come first-served queue until served or the timeout. */
  private void waitFor(Waiter w) {
    waiters.add(w);
    long deadline = System.nanoTime() + queueTimeoutNanos;
    try {
      while (w.slot == null && !w.create) {
        if (closed) {
          throw new IllegalStateException("the model is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ModelBusyException("all " + capacity + " sessions of the model stayed busy for "
              + Duration.ofNanos(queueTimeoutNanos) + " (" + waiters.size() + " callers waiting): retry later, or load"
              + " the model with a larger parallel() or queueTimeout()");
        }
        try {
          lock.wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GenerationException("interrupted while waiting for a free session of the model");
        }
      }
    } finally {
      if (w.slot == null && !w.create) {
        waiters.remove(w);
      }
    }
  }

  /** Opens a new session; the caller counted it in {@code creating}. */
  private Slot create() {
    Slot s = null;
    try {
      synchronized (lock) {
        inFlight++;
      }
      s = new Slot(backend.newSession(), engine);
      return s;
    } finally {
      synchronized (lock) {
        inFlight--;
        creating--;
        if (s != null) {
          slots.add(s);
        } else {
          handOn();
        }
        lock.notifyAll();
      }
    }
  }

  private void giveBack(Slot slot) {
    synchronized (lock) {
      if (closed) {
        return; // freed with the model
      }
      slot.lastUsed = ++clock;
      Waiter w = waiters.poll();
      if (w != null) {
        w.slot = slot;
        lock.notifyAll();
      } else {
        idle.add(slot);
      }
    }
  }

  /** A session that failed to open leaves room: the first waiter may try to open one. */
  private void handOn() {
    Waiter w = waiters.poll();
    if (w != null) {
      w.create = true;
      creating++;
    }
  }

  private void awaitUninterruptibly(java.util.function.BooleanSupplier condition) {
    boolean interrupted = false;
    while (!condition.getAsBoolean()) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static void logAbandoned(String what) {
    LOG.log(System.Logger.Level.WARNING, what + " was not closed; slm4j closed it when it became unreachable."
        + " Close it (try-with-resources) to give its session back at once.");
  }
}
