package io.slm4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.slm4j.ChatMessage;
import io.slm4j.FinishReason;
import io.slm4j.GenerationConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where request bodies of both protocols become slm4j calls: sampling fields to a
 * {@link GenerationConfig}, messages to {@link ChatMessage}s, and the features slm4j cannot serve yet
 * to a clear 400. When structured output and tool calling land (the constraint helper), only
 * {@link #rejectUnsupported} changes.
 */
final class Requests {
  private Requests() {}

  /**
   * Fails with 400 on fields that would silently change the meaning of a request if ignored:
   * a client asking for JSON output or tool calls must not get free text that looks like success.
   */
  static void rejectUnsupported(JsonNode body) {
    JsonNode rf = body.get("response_format");
    if (rf != null && !rf.isNull() && !"text".equals(rf.path("type").asText("text"))) {
      throw ApiException.unsupported("response_format",
          "response_format " + rf.path("type").asText() + " is not supported yet (structured output is not wired into the server)");
    }
    if (body.hasNonNull("format") && !body.get("format").asText().isEmpty()) { // Ollama's JSON mode
      throw ApiException.unsupported("format", "format (JSON output) is not supported yet");
    }
    for (String f : new String[] {"tools", "functions"}) {
      JsonNode t = body.get(f);
      if (t != null && !t.isNull() && !(t.isArray() && t.isEmpty())) {
        throw ApiException.unsupported(f, f + " (tool calling) is not supported yet");
      }
    }
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && n.asInt(1) != 1) {
      throw ApiException.unsupported("n", "only n=1 is supported");
    }
  }

  /** OpenAI sampling fields; {@code defaultMax} is the protocol's default for max_tokens. */
  static GenerationConfig openAi(JsonNode b, int defaultMax) {
    GenerationConfig.Builder c = GenerationConfig.builder().maxTokens(defaultMax);
    try {
      if (b.hasNonNull("max_completion_tokens")) {
        c.maxTokens(intField(b, "max_completion_tokens"));
      } else if (b.hasNonNull("max_tokens")) {
        c.maxTokens(intField(b, "max_tokens"));
      }
      // OpenAI's defaults are temperature 1 and top-p 1 with no top-k/min-p; keep them so a client
      // sees the distribution it asked for.
      c.temperature(b.hasNonNull("temperature") ? number(b, "temperature") : 1.0).topK(0).minP(0)
          .topP(b.hasNonNull("top_p") ? number(b, "top_p") : 1.0);
      if (b.hasNonNull("top_k")) {
        c.topK(intField(b, "top_k"));
      }
      if (b.hasNonNull("min_p")) {
        c.minP(number(b, "min_p"));
      }
      if (b.hasNonNull("repetition_penalty")) {
        c.repetitionPenalty(number(b, "repetition_penalty"));
      }
      if (b.hasNonNull("seed")) {
        c.seed(b.get("seed").asLong());
      }
      c.stopStrings(stops(b.get("stop"), "stop"));
      return c.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, e.getMessage());
    }
  }

  /** Ollama's {@code options} object. */
  static GenerationConfig ollama(JsonNode b) {
    JsonNode o = b.path("options");
    GenerationConfig.Builder c = GenerationConfig.builder();
    try {
      if (o.hasNonNull("num_predict") && o.get("num_predict").asInt() > 0) {
        c.maxTokens(intField(o, "num_predict"));
      }
      if (o.hasNonNull("temperature")) {
        c.temperature(number(o, "temperature"));
      }
      if (o.hasNonNull("top_k")) {
        c.topK(intField(o, "top_k"));
      }
      if (o.hasNonNull("top_p")) {
        c.topP(number(o, "top_p"));
      }
      if (o.hasNonNull("min_p")) {
        c.minP(number(o, "min_p"));
      }
      if (o.hasNonNull("repeat_penalty")) {
        c.repetitionPenalty(number(o, "repeat_penalty"));
      }
      if (o.hasNonNull("seed")) {
        c.seed(o.get("seed").asLong());
      }
      c.stopStrings(stops(o.get("stop"), "options.stop"));
      return c.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("options", e.getMessage());
    }
  }

  /** Chat messages; the last one must be the user's, since it is what the model answers. */
  static List<ChatMessage> messages(JsonNode arr) {
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      throw ApiException.badRequest("messages", "messages must be a non-empty array");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (JsonNode m : arr) {
      String role = m.path("role").asText("");
      if (role.equals("developer")) {
        role = "system";
      }
      if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
        throw ApiException.unsupported("messages", "message role '" + role + "' is not supported (system, user, assistant)");
      }
      out.add(new ChatMessage(role, content(m.get("content"))));
    }
    if (!out.get(out.size() - 1).role().equals("user")) {
      throw ApiException.badRequest("messages", "the last message must have role user");
    }
    return out;
  }

  /** A message's content: a string, or OpenAI's array of text parts. */
  private static String content(JsonNode c) {
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        if (!"text".equals(part.path("type").asText())) {
          throw ApiException.unsupported("messages", "content parts of type " + part.path("type").asText() + " are not supported");
        }
        sb.append(part.path("text").asText());
      }
      return sb.toString();
    }
    throw ApiException.badRequest("messages", "message content must be a string or an array of text parts");
  }

  static String openAiFinish(FinishReason r) {
    return r == FinishReason.MAX_TOKENS || r == FinishReason.CONTEXT_FULL ? "length" : "stop";
  }

  private static List<String> stops(JsonNode s, String param) {
    List<String> out = new ArrayList<>();
    if (s == null || s.isNull()) {
      return out;
    }
    if (s.isTextual()) {
      out.add(s.asText());
    } else if (s.isArray()) {
      s.forEach(x -> out.add(x.asText()));
    } else {
      throw ApiException.badRequest(param, param + " must be a string or an array of strings");
    }
    return out;
  }

  private static double number(JsonNode b, String f) {
    if (!b.get(f).isNumber()) {
      throw ApiException.badRequest(f, f + " must be a number");
    }
    return b.get(f).asDouble();
  }

  private static int intField(JsonNode b, String f) {
    if (!b.get(f).canConvertToInt()) {
      throw ApiException.badRequest(f, f + " must be an integer");
    }
    return b.get(f).asInt();
  }
}
