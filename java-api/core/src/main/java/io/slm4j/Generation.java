package io.slm4j;

import io.slm4j.spi.BackendModel;
import io.slm4j.spi.TokenDecoder;
import java.util.Arrays;

/**
 * One generation: prefill, then sample and evaluate token by token, producing text chunks. The one
 * implementation of max tokens, stop strings, UTF-8 safety, cancellation and stats for every
 * backend. Driven by one thread at a time; {@link #cancel()} from any thread.
 */
final class Generation {
  private final BackendModel model;
  private final Slot slot;
  private final int[] prompt;
  private final GenerationConfig cfg;
  private final Sampler sampler;
  private final TextAssembler text;
  private final TokenDecoder decoder;
  private final float[] logits;
  private final long start = System.nanoTime();
  private volatile boolean cancelled;
  private boolean started;
  private FinishReason finish;
  private int reused;
  private int generated;
  private int[] generatedIds = new int[16];
  private long prefillNanos;
  private long firstTokenAt;
  private long end;
  private String tail;

  Generation(BackendModel model, Slot slot, int[] prompt, GenerationConfig cfg) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("the prompt has no tokens");
    }
    if (prompt.length >= model.contextSize()) {
      throw new ContextOverflowException("the prompt has " + prompt.length + " tokens but the context holds "
          + model.contextSize() + " (and at least one must be left to generate): shorten it or load the model"
          + " with a larger contextSize (the model was trained for " + model.info().contextLength() + ")");
    }
    this.model = model;
    this.slot = slot;
    this.prompt = prompt;
    this.cfg = cfg;
    this.sampler = new Sampler(cfg);
    this.text = new TextAssembler(cfg.stopStrings());
    this.decoder = model.newDecoder();
    this.logits = new float[model.vocabularySize()];
    slot.session.clearInterrupt();
  }

  /**
   * Cancels this generation only: once it has {@link #release() released} its session (which may
   * then serve another caller), a late cancel touches nothing native.
   */
  synchronized void cancel() {
    cancelled = true;
    if (!released) {
      slot.session.interrupt();
    }
  }

  private boolean released;

  /** Ends the generation (as cancelled if it was still running) before its session is given back. */
  synchronized void release() {
    released = true;
    abandon();
  }

  boolean finished() {
    return finish != null && tail == null;
  }

  int[] generatedIds() {
    return Arrays.copyOf(generatedIds, generated);
  }

  /** @return the next non-empty text chunk, or {@code null} when the generation has ended */
  String next() {
    if (!started) {
      started = true;
      prefill();
    }
    while (finish == null) {
      String chunk = step();
      if (!chunk.isEmpty()) {
        return chunk;
      }
    }
    if (tail != null) {
      String t = tail;
      tail = null;
      if (!t.isEmpty()) {
        return t;
      }
    }
    return null;
  }

  GenerationStats stats() {
    long first = firstTokenAt == 0 ? (end == 0 ? System.nanoTime() : end) : firstTokenAt;
    return new GenerationStats(prompt.length, reused, generated, firstTokenAt == 0 ? 0 : firstTokenAt - start,
        prefillNanos, firstTokenAt == 0 ? 0 : (end == 0 ? System.nanoTime() : end) - first,
        finish, model.info().backend(), model.device());
  }

  private void prefill() {
    if (Thread.currentThread().isInterrupted()) {
      cancel();
    }
    long t0 = System.nanoTime();
    // Keep at least the last prompt token to evaluate: its logits are what the first sample needs.
    reused = slot.reusePrefix(prompt, prompt.length - 1);
    if (cancelled || !slot.append(Arrays.copyOfRange(prompt, reused, prompt.length))) {
      prefillNanos = System.nanoTime() - t0;
      end(FinishReason.CANCELLED);
      return;
    }
    prefillNanos = System.nanoTime() - t0;
  }

  private String step() {
    if (Thread.currentThread().isInterrupted()) {
      cancel(); // the flag stays set for the caller
    }
    if (cancelled) {
      end(FinishReason.CANCELLED);
      return "";
    }
    int id;
    if (cfg.greedy() && cfg.repetitionPenalty() == 1.0) {
      id = slot.argmax(logits); // the same rule as Sampler.argmax; a backend may do it natively
    } else {
      slot.logits(logits);
      id = sampler.sample(logits, slot.tokens(), slot.length());
    }
    if (firstTokenAt == 0) {
      firstTokenAt = System.nanoTime();
    }
    if (model.isEndOfGeneration(id)) {
      end(FinishReason.END_OF_SEQUENCE);
      return "";
    }
    if (generated == generatedIds.length) {
      generatedIds = Arrays.copyOf(generatedIds, 2 * generated);
    }
    generatedIds[generated++] = id;
    String chunk = text.add(decoder.next(id));
    if (text.stopped()) {
      end(FinishReason.STOP_STRING);
      return chunk;
    }
    if (generated >= cfg.maxTokens()) {
      end(FinishReason.MAX_TOKENS);
      return chunk;
    }
    if (slot.length() + 1 > model.contextSize()) {
      end(FinishReason.CONTEXT_FULL);
      return chunk;
    }
    if (!slot.append(new int[] {id})) {
      end(FinishReason.CANCELLED);
    }
    return chunk;
  }

  /** Ends a generation its caller left before the end (a closed stream). */
  private synchronized void abandon() {
    if (finish == null) {
      finish = FinishReason.CANCELLED;
      end = System.nanoTime();
    }
    tail = null;
    closeDecoder();
  }

  private boolean decoderClosed;

  private synchronized void closeDecoder() {
    if (!decoderClosed) {
      decoderClosed = true;
      decoder.close();
    }
  }

  private void end(FinishReason reason) {
    finish = reason;
    end = System.nanoTime();
    tail = text.finish();
    closeDecoder();
  }
}
