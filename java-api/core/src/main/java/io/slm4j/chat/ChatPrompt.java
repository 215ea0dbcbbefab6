package io.slm4j.chat;

import io.slm4j.ChatMessage;
import io.slm4j.Tool;
import io.slm4j.ToolCall;
import io.slm4j.UnsupportedModelException;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.Json;
import io.slm4j.spi.PlainText;
import io.slm4j.spi.TokenizerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a chat prompt the same way on every backend: the model's own template rendered in Java,
 * special tokens parsed only in the template's text, BOS added once when the model's metadata asks
 * for it. Content that spells a special token (a user typing {@code <|im_end|>}) is swapped for a
 * private-use placeholder before rendering, so the template treats it as the same kind of
 * non-blank text, and tokenized as ordinary text afterwards. Assistant content is left as is: it is
 * the model's own output, which templates parse (Qwen3 splits it at {@code </think>}).
 *
 * @param text the prompt text (what the template rendered, content restored)
 * @param ids the prompt's token ids
 */
public record ChatPrompt(String text, int[] ids) {
  private static final char OPEN = '\uE000';
  private static final char CLOSE = '\uE001';
  private static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "(\\d+)" + CLOSE);

  /**
   * @param model the backend model, for its templates and tokenizer
   * @param messages the conversation
   * @param tools tools offered to the model (may be empty)
   * @param addGenerationPrompt whether to open an assistant turn at the end
   * @param extra further template variables, for example {@code enable_thinking}
   * @return the prompt
   * @throws UnsupportedModelException if the model has no chat template
   * @throws io.slm4j.ChatTemplateException if the template fails
   */
  public static ChatPrompt build(BackendModel model, List<ChatMessage> messages, List<Tool> tools,
      boolean addGenerationPrompt, Map<String, Object> extra) {
    Map<String, String> templates = model.chatTemplates();
    String source = !tools.isEmpty() && templates.containsKey("tool_use") ? templates.get("tool_use")
        : templates.get("default");
    if (source == null) {
      throw new UnsupportedModelException("the model has no chat template; pass one with Slm.load(...).chatTemplate(...)");
    }
    TokenizerInfo info = model.tokenizerInfo();
    List<String> guarded = new ArrayList<>(info.specialTokens().keySet());
    guarded.add(String.valueOf(OPEN)); // a user-typed placeholder must not pass for one of ours
    guarded.sort((a, b) -> b.length() - a.length()); // longest first, so "<|im_end|>" wins over "<|im"
    List<String> swapped = new ArrayList<>();
    Map<String, Object> vars = new LinkedHashMap<>(extra);
    vars.put("messages", messages(messages, guarded, swapped));
    vars.put("add_generation_prompt", addGenerationPrompt);
    vars.put("bos_token", info.bosToken() == null ? "" : info.bosToken());
    vars.put("eos_token", info.eosToken() == null ? "" : info.eosToken());
    vars.put("tools", tools.isEmpty() ? null : tools(tools));
    vars.putIfAbsent("documents", null);
    String rendered = ChatTemplate.of(source).render(vars);
    return tokenize(model, info, rendered, swapped);
  }

  /** Tokenizes a rendered prompt: template text with special parsing, placeholders as plain text. */
  static ChatPrompt tokenize(BackendModel model, TokenizerInfo info, String rendered, List<String> swapped) {
    StringBuilder text = new StringBuilder(rendered.length());
    List<int[]> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(rendered);
    int at = 0;
    while (m.find()) {
      int k = Integer.parseInt(m.group(1));
      if (k >= swapped.size()) {
        continue; // cannot happen: content placeholders were swapped themselves
      }
      String before = rendered.substring(at, m.start());
      text.append(before).append(swapped.get(k));
      if (!before.isEmpty()) {
        parts.add(model.tokenize(before, false, true));
      }
      parts.add(PlainText.tokenize(model, swapped.get(k)));
      at = m.end();
    }
    String rest = rendered.substring(at);
    text.append(rest);
    if (!rest.isEmpty() || parts.isEmpty()) {
      parts.add(model.tokenize(rest, false, true));
    }
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    boolean bos = info.addBos() && info.bosId() >= 0 && (n == 0 || parts.get(0).length == 0
        || parts.get(0)[0] != info.bosId());
    int[] ids = new int[n + (bos ? 1 : 0)];
    int i = 0;
    if (bos) {
      ids[i++] = info.bosId();
    }
    for (int[] p : parts) {
      System.arraycopy(p, 0, ids, i, p.length);
      i += p.length;
    }
    return new ChatPrompt(text.toString(), ids);
  }

  private static List<Map<String, Object>> messages(List<ChatMessage> messages, List<String> guarded,
      List<String> swapped) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ChatMessage msg : messages) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", msg.role());
      m.put("content", msg.role().equals("assistant") ? msg.content() : guard(msg.content(), guarded, swapped));
      if (!msg.toolCalls().isEmpty()) {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (ToolCall c : msg.toolCalls()) {
          Map<String, Object> fn = new LinkedHashMap<>();
          fn.put("name", c.name());
          fn.put("arguments", parse(c.arguments()));
          Map<String, Object> call = new LinkedHashMap<>();
          call.put("id", c.id());
          call.put("type", "function");
          call.put("function", fn);
          calls.add(call);
        }
        m.put("tool_calls", calls);
      }
      if (msg.toolCallId() != null) {
        m.put("tool_call_id", msg.toolCallId());
      }
      out.add(m);
    }
    return out;
  }

  private static String guard(String content, List<String> guarded, List<String> swapped) {
    StringBuilder b = null;
    int i = 0;
    outer:
    while (i < content.length()) {
      for (String s : guarded) {
        if (content.startsWith(s, i)) {
          if (b == null) {
            b = new StringBuilder(content.length() + 8).append(content, 0, i);
          }
          b.append(OPEN).append(swapped.size()).append(CLOSE);
          swapped.add(s);
          i += s.length();
          continue outer;
        }
      }
      if (b != null) {
        b.append(content.charAt(i));
      }
      i++;
    }
    return b == null ? content : b.toString();
  }

  private static List<Map<String, Object>> tools(List<Tool> tools) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Tool t : tools) {
      Map<String, Object> fn = new LinkedHashMap<>();
      fn.put("name", t.name());
      fn.put("description", t.description());
      fn.put("parameters", parse(t.parametersSchema()));
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("type", "function");
      tool.put("function", fn);
      out.add(tool);
    }
    return out;
  }

  private static Object parse(String json) {
    try {
      return Json.parse(json);
    } catch (IllegalArgumentException e) {
      return json; // not JSON: templates print it as is
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatPrompt p && text.equals(p.text) && java.util.Arrays.equals(ids, p.ids);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, java.util.Arrays.hashCode(ids));
  }

  @Override
  public String toString() {
    return "ChatPrompt[" + ids.length + " ids]";
  }
}
