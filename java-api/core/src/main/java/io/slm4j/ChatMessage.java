package io.slm4j;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (for an assistant message that only calls tools, may be empty)
 * @param toolCalls the tools an assistant message calls, empty otherwise
 * @param toolCallId for a {@code tool} message, the id of the call it answers; otherwise {@code null}
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {
  /** Validates and copies. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * @param role {@code system}, {@code user} or {@code assistant}
   * @param content the text
   */
  public ChatMessage(String role, String content) {
    this(role, content, List.of(), null);
  }

  /**
   * @param toolCallId the id of the {@link ToolCall} this result answers
   * @param content the tool's result (often JSON)
   * @return a {@code tool} message
   */
  public static ChatMessage toolResult(String toolCallId, String content) {
    return new ChatMessage("tool", content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"));
  }
}
