package io.slm4j;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Generated text as an iterator of chunks (whole characters, never part of a stop string). Close it
 * when done: closing early stops the generation and gives its native session back. Iterate on one
 * thread; {@link #cancel()} and {@link #close()} may come from any thread.
 */
public final class TokenStream implements Iterator<String>, AutoCloseable {
  private final SlmModel owner;
  private final Generation generation;
  private final Slot slot;
  private String next;
  private boolean done;
  private boolean closed;

  TokenStream(SlmModel owner, Generation generation, Slot slot) {
    this.owner = owner;
    this.generation = generation;
    this.slot = slot;
  }

  @Override
  public synchronized boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done || closed) {
      return false;
    }
    next = owner.step(generation);
    if (next == null) {
      done = true;
      owner.finished(generation, slot);
    }
    return next != null;
  }

  @Override
  public synchronized String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String s = next;
    next = null;
    return s;
  }

  /** Stops the generation soon; iteration then ends with {@link FinishReason#CANCELLED}. */
  public void cancel() {
    generation.cancel();
  }

  /** @return the stats so far, final once {@link #hasNext()} returned {@code false} */
  public GenerationStats stats() {
    return generation.stats();
  }

  /** @return the remaining chunks as a sequential stream (closing it closes this) */
  public Stream<String> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(this::close);
  }

  /** Stops the generation if it is still running and frees its session. Idempotent. */
  @Override
  public void close() {
    generation.cancel();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!done) {
        done = true;
        owner.finished(generation, slot);
      }
    }
  }
}
