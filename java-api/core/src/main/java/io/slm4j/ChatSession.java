package io.slm4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A conversation with its own KV cache: each turn formats the whole conversation with the model's
 * chat template, keeps the cached tokens it shares with the previous turn and evaluates only the
 * rest. Calls are serialised (a second thread waits); {@link #cancel()} works from any thread.
 * Closing the model closes its sessions.
 */
public final class ChatSession implements AutoCloseable {
  private final SlmModel model;
  private final Slot slot;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<ChatMessage> messages = new ArrayList<>();
  private volatile Generation current;
  private volatile GenerationStats lastStats;
  private volatile boolean closed;

  ChatSession(SlmModel model, Slot slot) {
    this.model = model;
    this.slot = slot;
  }

  /**
   * Adds a system message.
   *
   * @param content the instructions
   * @return this session
   */
  public ChatSession system(String content) {
    return add("system", content);
  }

  /**
   * Adds a message without generating, for example to restore a saved conversation.
   *
   * @param role {@code system}, {@code user} or {@code assistant}
   * @param content the text
   * @return this session
   */
  public ChatSession add(String role, String content) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
      throw new IllegalArgumentException("role must be system, user or assistant, got " + role);
    }
    lock.lock();
    try {
      checkOpen();
      messages.add(new ChatMessage(role, content));
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Sends a user message and returns the reply, which joins the conversation.
   *
   * @param user the user's message
   * @param cfg how to generate
   * @return the reply
   * @throws ContextOverflowException if the conversation no longer fits in the context (the user
   *     message is then not added)
   */
  public String send(String user, GenerationConfig cfg) {
    StringBuilder out = new StringBuilder();
    send(user, cfg, out::append);
    return out.toString();
  }

  /**
   * Sends a user message and streams the reply to {@code listener}.
   *
   * @param user the user's message
   * @param cfg how to generate
   * @param listener receives the reply as it is produced
   * @return the reply
   */
  public String send(String user, GenerationConfig cfg, TokenListener listener) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      checkOpen();
      List<ChatMessage> next = new ArrayList<>(messages);
      next.add(new ChatMessage("user", user));
      int[] ids;
      model.enter();
      try {
        ids = io.slm4j.chat.ChatPrompt.build(model.backend(), next, List.of(), true, java.util.Map.of()).ids();
      } finally {
        model.exit();
      }
      StringBuilder reply = new StringBuilder();
      lastStats = model.run(slot, ids, cfg, text -> {
        reply.append(text);
        listener.onToken(text);
      }, g -> current = g, g -> { });
      current = null;
      next.add(new ChatMessage("assistant", reply.toString()));
      messages.clear();
      messages.addAll(next);
      return reply.toString();
    } finally {
      lock.unlock();
    }
  }

  /** Cancels the reply being generated, if any; it ends with {@link FinishReason#CANCELLED}. */
  public void cancel() {
    Generation g = current;
    if (g != null) {
      g.cancel();
    }
  }

  /** @return the conversation so far */
  public List<ChatMessage> history() {
    lock.lock();
    try {
      return List.copyOf(messages);
    } finally {
      lock.unlock();
    }
  }

  /** @return tokens in this session's KV cache */
  public int cachedTokens() {
    return slot.length();
  }

  /** @return the stats of the last reply, or {@code null} */
  public GenerationStats lastStats() {
    return lastStats;
  }

  /** Frees the session's KV cache. Idempotent; waits for a reply in progress. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        model.forget(slot);
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the chat session is closed");
    }
    model.checkOpen();
  }
}
