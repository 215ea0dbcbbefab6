package io.slm4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A conversation: each turn formats the whole conversation with the model's chat template and runs
 * in one of the model's sessions, the one that still caches most of the conversation (usually the
 * previous turn's), evaluating only the rest. Between turns it holds no native resources. Calls are
 * serialised (a second thread waits; a call from inside this session's own listener is rejected);
 * {@link #cancel()} works from any thread.
 */
public final class ChatSession implements AutoCloseable {
  private final SlmModel model;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<ChatMessage> messages = new ArrayList<>();
  private volatile Generation current;
  private volatile GenerationStats lastStats;
  private volatile boolean closed;

  private volatile int cachedTokens;

  ChatSession(SlmModel model) {
    this.model = model;
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
    Prompts.check(user, "user");
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("send() was called from inside this chat session's own listener;"
          + " finish the turn first (collect the text, then send the next message)");
    }
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
      lastStats = model.run(ids, cfg, text -> {
        reply.append(text);
        listener.onToken(text);
      }, g -> current = g, g -> { });
      current = null;
      cachedTokens = lastStats.promptTokens() + lastStats.generatedTokens();
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

  /** @return the tokens the last turn left in the model's cache (prompt and reply); a later turn of another caller may evict them */
  public int cachedTokens() {
    return cachedTokens;
  }

  /** @return the stats of the last reply, or {@code null} */
  public GenerationStats lastStats() {
    return lastStats;
  }

  /** Ends the conversation; later calls throw. Idempotent; waits for a reply in progress. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
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
