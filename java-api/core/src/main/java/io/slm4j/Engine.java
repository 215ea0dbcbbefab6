package io.slm4j;

import io.slm4j.spi.BackendModel;
import io.slm4j.spi.BackendSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the native evaluations of all sessions of one model. A runtime that batches gets continuous
 * batching: one driver thread gathers the pending tokens of every generation (one token, or a chunk
 * of a prompt) into one {@link BackendModel#appendAll} step, and each caller samples in Java as
 * before, so results do not depend on who else runs. A runtime that cannot batch gets its sessions
 * evaluated one at a time in arrival order, so the model's thread budget is never multiplied by the
 * number of callers.
 */
abstract class Engine {
  /** Evaluates {@code tokens} in {@code session}; false when interrupted (the session is then as before). */
  abstract boolean append(BackendSession session, int[] tokens);

  /** The logits or the greedy id, which a runtime may compute natively too. */
  abstract int argmax(BackendSession session, float[] scratch);

  abstract void logits(BackendSession session, float[] out);

  /** A generation starts or stops computing: the batching driver waits for the ones computing. */
  void active(int delta) {}

  /** Ends the driver; called by the model's close once no native call is in flight. */
  void stop() {}

  static Engine of(BackendModel model, String name) {
    return model.batchTokens() > 0 ? new Batching(model, name) : new Serial();
  }

  /** One session at a time, fairly: a waiting caller is interruptible and then counts as cancelled. */
  static final class Serial extends Engine {
    private final ReentrantLock lock = new ReentrantLock(true);

    @Override
    boolean append(BackendSession session, int[] tokens) {
      try {
        lock.lockInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        return session.append(tokens);
      } finally {
        lock.unlock();
      }
    }

    @Override
    int argmax(BackendSession session, float[] scratch) {
      lock.lock();
      try {
        return session.argmax(scratch);
      } finally {
        lock.unlock();
      }
    }

    @Override
    void logits(BackendSession session, float[] out) {
      lock.lock();
      try {
        session.logits(out);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Continuous batching over {@link BackendModel#appendAll}. */
  static final class Batching extends Engine {
    /**
     * How long a step waits for generations still sampling before it runs without them: sampling
     * takes well under a millisecond, a decode step tens of them, so this is rarely reached and
     * costs little when a caller is slow (a stream whose reader is busy is not counted as computing).
     */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final BackendModel model;
    private final int budget;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition done = lock.newCondition();
    private final ArrayDeque<Request> pending = new ArrayDeque<>();
    private int active;
    private boolean stopped;
    private Thread driver;

    Batching(BackendModel model, String name) {
      this.model = model;
      this.budget = model.batchTokens();
      this.name = name;
    }

    private static final class Request {
      final BackendSession session;
      final int[] tokens;
      int offset;
      boolean finished;
      boolean ok = true;
      RuntimeException error;

      Request(BackendSession session, int[] tokens) {
        this.session = session;
        this.tokens = tokens;
      }
    }

    @Override
    void active(int delta) {
      lock.lock();
      try {
        active += delta;
        work.signal();
      } finally {
        lock.unlock();
      }
    }

    @Override
    boolean append(BackendSession session, int[] tokens) {
      Request r = new Request(session, tokens);
      boolean interrupted = false;
      lock.lock();
      try {
        if (stopped) {
          return false;
        }
        startDriver();
        pending.add(r);
        work.signal();
        while (!r.finished) {
          try {
            done.await();
          } catch (InterruptedException e) {
            // Thread.interrupt() cancels this generation; the step in flight still has to end.
            interrupted = true;
            session.interrupt();
          }
        }
      } finally {
        lock.unlock();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (r.error != null) {
        throw r.error;
      }
      return r.ok;
    }

    @Override
    int argmax(BackendSession session, float[] scratch) {
      return session.argmax(scratch); // logits of a batched step were copied out; no native call
    }

    @Override
    void logits(BackendSession session, float[] out) {
      session.logits(out);
    }

    private void startDriver() {
      if (driver == null) {
        driver = new Thread(this::drive, "slm4j-batch-" + name);
        driver.setDaemon(true);
        driver.start();
      }
    }

    @Override
    void stop() {
      Thread t;
      lock.lock();
      try {
        stopped = true;
        work.signalAll();
        t = driver;
      } finally {
        lock.unlock();
      }
      if (t != null) {
        boolean interrupted = false;
        while (t.isAlive()) {
          try {
            t.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void drive() {
      List<Request> step = new ArrayList<>();
      List<int[]> chunks = new ArrayList<>();
      while (true) {
        lock.lock();
        try {
          while (pending.isEmpty() && !stopped) {
            work.awaitUninterruptibly();
          }
          if (pending.isEmpty()) {
            return;
          }
          // Continuous batching: wait (briefly) until every computing generation has its next token in.
          long deadline = System.nanoTime() + GATHER_NANOS;
          long left;
          while (pending.size() < active && !stopped && (left = deadline - System.nanoTime()) > 0) {
            try {
              work.awaitNanos(left);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
          // Decoding sequences (one token each) first, then prompts in chunks filling the budget.
          int room = budget;
          for (Request r : pending) {
            if (r.tokens.length - r.offset == 1 && room > 0) {
              step.add(r);
              chunks.add(r.tokens.length == 1 ? r.tokens : new int[] {r.tokens[r.offset]});
              room--;
            }
          }
          for (Request r : pending) {
            int left2 = r.tokens.length - r.offset;
            if (left2 > 1 && room > 0) {
              int n = Math.min(left2, room);
              step.add(r);
              chunks.add(n == r.tokens.length ? r.tokens : java.util.Arrays.copyOfRange(r.tokens, r.offset, r.offset + n));
              room -= n;
            }
          }
        } finally {
          lock.unlock();
        }
        boolean[] ok = null;
        RuntimeException error = null;
        try {
          BackendSession[] sessions = new BackendSession[step.size()];
          for (int i = 0; i < sessions.length; i++) {
            sessions[i] = step.get(i).session;
          }
          ok = model.appendAll(sessions, chunks.toArray(new int[0][]));
        } catch (RuntimeException e) {
          error = e;
        } catch (Error e) {
          error = new GenerationException("the batch step failed: " + e, e);
        }
        lock.lock();
        try {
          for (int i = 0; i < step.size(); i++) {
            Request r = step.get(i);
            if (error != null) {
              r.error = error;
              r.finished = true;
            } else if (!ok[i]) {
              r.ok = false;
              r.finished = true;
            } else {
              r.offset += chunks.get(i).length;
              r.finished = r.offset == r.tokens.length;
            }
            if (r.finished) {
              pending.remove(r);
            }
          }
          done.signalAll();
        } finally {
          lock.unlock();
        }
        step.clear();
        chunks.clear();
      }
    }
  }
}
