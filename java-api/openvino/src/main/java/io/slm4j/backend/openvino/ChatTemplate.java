package io.slm4j.backend.openvino;

import java.util.List;

/**
 * Renders a conversation into the prompt text a chat model was trained on. Jinja templates are
 * not evaluated; {@link #detect(String)} recognises the common families from the model's
 * {@code chat_template} and {@link OpenVinoChat} also accepts any implementation.
 */
@FunctionalInterface
public interface ChatTemplate {
  /**
   * @param messages the conversation so far
   * @param addGenerationPrompt whether to append the opening of an assistant turn
   * @return the prompt text
   */
  String render(List<ChatMessage> messages, boolean addGenerationPrompt);

  /** @return ChatML ({@code <|im_start|>role\n...<|im_end|>\n}), used by Qwen2 and SmolLM2 */
  static ChatTemplate chatMl() {
    return chatMl(null);
  }

  /**
   * @param defaultSystem system message used when the conversation has none (Qwen2 and SmolLM2
   *     templates insert one), or {@code null}
   * @return ChatML with that default
   */
  static ChatTemplate chatMl(String defaultSystem) {
    return (messages, gen) -> {
      StringBuilder b = new StringBuilder();
      if (defaultSystem != null && (messages.isEmpty() || !messages.get(0).role().equals("system"))) {
        b.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
      }
      for (ChatMessage m : messages) {
        b.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
      }
      if (gen) {
        b.append("<|im_start|>assistant\n");
      }
      return b.toString();
    };
  }

  /** @return the Llama 3 header format */
  static ChatTemplate llama3() {
    return (messages, gen) -> {
      StringBuilder b = new StringBuilder("<|begin_of_text|>");
      for (ChatMessage m : messages) {
        b.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
            .append(m.content().strip()).append("<|eot_id|>");
      }
      if (gen) {
        b.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
      }
      return b.toString();
    };
  }

  /**
   * @param jinja a model's {@code chat_template} source, or {@code null}
   * @return the matching built-in template, or {@code null} when none matches
   */
  static ChatTemplate detect(String jinja) {
    if (jinja == null) {
      return null;
    }
    if (jinja.contains("<|im_start|>")) {
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("<\\|im_start\\|>system\\n([^{}<]*)<\\|im_end\\|>").matcher(jinja);
      return chatMl(m.find() ? m.group(1) : null);
    }
    if (jinja.contains("<|start_header_id|>")) {
      return llama3();
    }
    return null;
  }
}
