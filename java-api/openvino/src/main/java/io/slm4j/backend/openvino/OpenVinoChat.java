package io.slm4j.backend.openvino;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A conversation that keeps its KV state between turns: each {@link #send} renders the whole
 * conversation, reuses the state for the tokens it already holds, trims the state back to the
 * common prefix when the history diverged (an edited system prompt, a re-tokenized reply), and
 * feeds only the rest.
 *
 * <p>Single-threaded use; calls are serialised. Closing the model closes the chat.
 */
public final class OpenVinoChat implements AutoCloseable {
  private final OpenVinoLlm model;
  private final KvSession session;
  private final ChatTemplate template;
  private final List<ChatMessage> messages = new ArrayList<>();
  private boolean closed;

  OpenVinoChat(OpenVinoLlm model, KvSession session, ChatTemplate template) {
    this.model = model;
    this.session = session;
    this.template = template;
  }

  /**
   * Sets (or replaces) the system message at the start of the conversation.
   *
   * @param content the system prompt
   * @return this chat
   */
  public synchronized OpenVinoChat system(String content) {
    ensureOpen();
    Objects.requireNonNull(content, "content");
    if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
      messages.set(0, new ChatMessage("system", content));
    } else {
      messages.add(0, new ChatMessage("system", content));
    }
    return this;
  }

  /**
   * Adds a user message and generates the assistant's reply, which is added to the history.
   *
   * @param userMessage the user's turn
   * @param options length and sampling
   * @param streamer receives UTF-8-safe text chunks, or {@code null}
   * @return the reply and statistics ({@link GenerationResult#reusedTokens()} counts the prompt
   *     tokens taken from the KV state)
   * @throws IllegalStateException after {@link #close()}
   * @throws GenerationException when inference fails; the history is then left as before the call
   */
  public synchronized GenerationResult send(String userMessage, GenerationOptions options, TextStreamer streamer) {
    ensureOpen();
    Objects.requireNonNull(userMessage, "userMessage");
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    messages.add(new ChatMessage("user", userMessage));
    try {
      long[] prompt = model.tokenizer().encode(template.render(messages, true));
      GenerationResult r = model.run(session, prompt, options, streamer, t0);
      messages.add(new ChatMessage("assistant", r.text()));
      return r;
    } catch (RuntimeException e) {
      messages.remove(messages.size() - 1);
      throw e;
    }
  }

  /**
   * @param userMessage the user's turn
   * @param options length and sampling
   * @return the reply and statistics
   */
  public GenerationResult send(String userMessage, GenerationOptions options) {
    return send(userMessage, options, null);
  }

  /** @return a copy of the conversation so far */
  public synchronized List<ChatMessage> history() {
    return List.copyOf(messages);
  }

  /** @return how many tokens the KV state currently holds */
  public synchronized int cachedTokens() {
    ensureOpen();
    return session.length();
  }

  /** Forgets the conversation (including the system message) and empties the KV state. */
  public synchronized void reset() {
    ensureOpen();
    messages.clear();
    session.reset();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("OpenVinoChat is closed");
    }
  }

  /** Frees the chat's infer request and KV state. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    session.close();
    model.forget(this);
  }
}
