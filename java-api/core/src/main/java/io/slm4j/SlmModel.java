package io.slm4j;

import io.slm4j.spi.BackendModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded model. Thread-safe: many threads may generate at once, each call in its own native
 * session (sessions are pooled and reuse the KV cache of a common prompt prefix).
 * {@link #close()} cancels running generations, waits for native calls in progress, then frees
 * everything, including chat sessions and streams of this model; after it every method throws
 * {@link IllegalStateException}.
 */
public final class SlmModel implements AutoCloseable {
  private final BackendModel backend;
  private final Object lock = new Object();
  private final Deque<Slot> idle = new ArrayDeque<>();
  private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
  private final Set<Generation> running = ConcurrentHashMap.newKeySet();
  private final Tokenizer tokenizer;
  private boolean closed;
  private boolean released;
  private int inFlight;
  private volatile GenerationStats lastStats;

  SlmModel(BackendModel backend) {
    this.backend = backend;
    this.tokenizer = new Tokenizer() {
      @Override
      public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        enter();
        try {
          return backend.tokenize(text, true);
        } finally {
          exit();
        }
      }

      @Override
      public String decode(int[] ids) {
        int n = backend.vocabularySize();
        for (int id : ids) {
          if (id < 0 || id >= n) {
            throw new IllegalArgumentException("token " + id + " is outside the vocabulary [0, " + n + ")");
          }
        }
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
   * @param prompt the prompt
   * @param cfg how to generate
   * @return the generated text (without any stop string)
   * @throws ContextOverflowException if the prompt does not fit in the context
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
   *
   * @param prompt the prompt
   * @param cfg how to generate
   * @param listener receives the text
   * @return the stats of this call
   * @throws GenerationException if the runtime failed or the listener threw (then the cause)
   */
  public GenerationStats stream(String prompt, GenerationConfig cfg, TokenListener listener) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(listener, "listener");
    return run(null, tokenizer.encode(prompt), cfg, listener, g -> { }, g -> { });
  }

  /**
   * Generates lazily: each {@code next()} of the returned stream runs the model until a chunk of
   * text is ready. Close the stream (try-with-resources) to stop early and free its session.
   *
   * @param prompt the prompt
   * @param cfg how to generate
   * @return the stream
   */
  public TokenStream tokens(String prompt, GenerationConfig cfg) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(cfg, "cfg");
    int[] ids = tokenizer.encode(prompt);
    Slot slot = borrow();
    try {
      Generation g = new Generation(backend, slot, ids, cfg);
      running.add(g);
      return new TokenStream(this, g, slot);
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
    int n = backend.vocabularySize();
    for (int id : promptIds) {
      if (id < 0 || id >= n) {
        throw new IllegalArgumentException("token " + id + " is outside the vocabulary [0, " + n + ")");
      }
    }
    int[][] ids = new int[1][];
    run(null, promptIds.clone(), cfg, t -> { }, g -> ids[0] = null, g -> ids[0] = g.generatedIds());
    return ids[0];
  }

  /** @return a new chat session with its own KV cache, applying the model's chat template */
  public ChatSession chat() {
    enter();
    try {
      Slot slot = new Slot(backend.newSession());
      slots.add(slot);
      return new ChatSession(this, slot);
    } finally {
      exit();
    }
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
    }
    cancel();
    synchronized (lock) {
      awaitUninterruptibly(() -> inFlight == 0);
    }
    try {
      // Streams left open end here: their decoders may hold native state of the model's tokenizer.
      for (Generation g : running) {
        g.abandon();
      }
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

  /** Runs one step of a generation as a native call the model's close waits for. */
  String step(Generation g) {
    synchronized (lock) {
      if (closed) {
        g.abandon(); // a generation running while the model closes ends as cancelled
        return null;
      }
      inFlight++;
    }
    try {
      return g.next();
    } catch (Slm4jException | IllegalArgumentException | IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GenerationException("generation failed in " + backend.info().backend() + ": " + e.getMessage(), e);
    } finally {
      exit();
    }
  }

  /** Runs a whole generation in {@code slot} (a fresh pooled one when {@code null}). */
  GenerationStats run(Slot own, int[] ids, GenerationConfig cfg, TokenListener listener,
      java.util.function.Consumer<Generation> started, java.util.function.Consumer<Generation> ended) {
    Slot slot = own != null ? own : borrow();
    Generation g = null;
    try {
      g = new Generation(backend, slot, ids, cfg);
      running.add(g);
      started.accept(g);
      for (String chunk = step(g); chunk != null; chunk = step(g)) {
        try {
          listener.onToken(chunk);
        } catch (RuntimeException | Error e) {
          g.cancel();
          throw new GenerationException("the token listener threw; generation stopped", e);
        }
      }
      ended.accept(g);
      return g.stats();
    } finally {
      if (g != null) {
        running.remove(g);
        g.abandon();
        lastStats = g.stats();
      }
      if (own == null) {
        giveBack(slot);
      }
    }
  }

  void finished(Generation g, Slot slot) {
    running.remove(g);
    g.abandon();
    lastStats = g.stats();
    giveBack(slot);
  }

  void forget(Slot slot) {
    slots.remove(slot);
    slot.close();
  }

  private Slot borrow() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the model is closed");
      }
      Slot s = idle.poll();
      if (s != null) {
        return s;
      }
    }
    enter();
    try {
      Slot s = new Slot(backend.newSession());
      slots.add(s);
      return s;
    } finally {
      exit();
    }
  }

  private void giveBack(Slot slot) {
    synchronized (lock) {
      if (!closed) {
        idle.push(slot);
        return;
      }
    }
    // After close the slot was (or is being) freed with the model.
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
}
