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
  /**
   * What a stream holds of its model, apart from the stream itself so that a {@link
   * java.lang.ref.Cleaner} can give the session back when a caller drops the stream unclosed.
   */
  static final class Lease {
    final SlmModel owner;
    final Generation generation;
    final Slot slot;
    java.lang.ref.Cleaner.Cleanable cleanable;
    private boolean ended;

    Lease(SlmModel owner, Generation generation, Slot slot) {
      this.owner = owner;
      this.generation = generation;
      this.slot = slot;
    }

    /** Gives the session back once; true if this call did. */
    synchronized boolean end() {
      if (ended) {
        return false;
      }
      ended = true;
      owner.finished(generation, slot);
      return true;
    }

    /** Run by the cleaner for a stream that became unreachable. */
    void abandoned() {
      if (end()) {
        SlmModel.logAbandoned("a TokenStream");
      }
    }
  }

  private final Lease lease;
  private String next;
  private boolean done;
  private boolean closed;

  TokenStream(Lease lease) {
    this.lease = lease;
  }

  @Override
  public synchronized boolean hasNext() {
    if (closed) {
      return false; // a chunk fetched before close() is dropped with the rest
    }
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    next = lease.owner.step(lease.generation);
    if (next == null) {
      done = true;
      lease.end();
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
    lease.generation.cancel();
  }

  /** @return the stats so far, final once {@link #hasNext()} returned {@code false} */
  public GenerationStats stats() {
    return lease.generation.stats();
  }

  /** @return the remaining chunks as a sequential stream (closing it closes this) */
  public Stream<String> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(this::close);
  }

  /**
   * Stops the generation if it is still running and gives its session back. Idempotent; after it
   * {@link #hasNext()} is {@code false}. Closing a stream that already ended cancels nothing (its
   * session may be serving another caller by then).
   */
  @Override
  public void close() {
    lease.generation.cancel(); // a no-op once the generation released its session
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      next = null;
      done = true;
      lease.end();
      lease.cleanable.clean(); // nothing left for the cleaner; unregisters it
    }
  }
}
