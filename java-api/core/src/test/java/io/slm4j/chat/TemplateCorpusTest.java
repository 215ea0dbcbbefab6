package io.slm4j.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ChatTemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every template in the pinned llama.cpp tree's models/templates renders a plain and a tool-call
 * conversation, or refuses it through its own {@code raise_exception} (Gemma 2 has no system or tool
 * role). {@link #KNOWN} lists what Jinjava 2.8.2 cannot parse or evaluate today, with the reason; the
 * test fails when a new template breaks and when a known one starts working (so the list shrinks).
 */
class TemplateCorpusTest {
  /** Template file to the Jinjava limitation it hits. */
  static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("ByteDance-Seed-OSS.jinja", "boolean where Jinjava's EL expects a number"),
      Map.entry("CohereForAI-c4ai-command-r-plus-tool_use.jinja", "indent(first=...) unsupported"),
      Map.entry("Kimi-K2-Thinking.jinja", "slice bound with arithmetic: messages[:a+1]"),
      Map.entry("NVIDIA-Nemotron-Nano-v2.jinja", "dict literal in a string concatenation"),
      Map.entry("fireworks-ai-llama-3-firefunction-v2.jinja", "{% filter %} block unsupported"));

  static Map<String, Object> msg(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  static Map<String, Object> vars(List<Map<String, Object>> messages) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("messages", messages);
    v.put("add_generation_prompt", true);
    v.put("bos_token", "<s>");
    v.put("eos_token", "</s>");
    return v;
  }

  static List<Map<String, Object>> plain() {
    return List.of(msg("system", "You are helpful."), msg("user", "Hello"), msg("assistant", "Hi there"),
        msg("user", "Who are you"));
  }

  static Map<String, Object> toolCall() {
    Map<String, Object> fn = new LinkedHashMap<>();
    fn.put("name", "get_weather");
    fn.put("arguments", new LinkedHashMap<>(Map.of("city", "Paris")));
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("id", "a1b2c3d4e");
    call.put("type", "function");
    call.put("function", fn);
    Map<String, Object> a = msg("assistant", "");
    a.put("tool_calls", List.of(call));
    Map<String, Object> t = msg("tool", "{\"temp\": 21}");
    t.put("tool_call_id", "a1b2c3d4e");
    t.put("name", "get_weather");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("type", "object");
    params.put("properties", Map.of("city", Map.of("type", "string")));
    params.put("required", List.of("city"));
    Map<String, Object> tfn = new LinkedHashMap<>();
    tfn.put("name", "get_weather");
    tfn.put("description", "Current weather");
    tfn.put("parameters", params);
    Map<String, Object> v = vars(List.of(msg("user", "Weather in Paris?"), a, t));
    v.put("tools", List.of(Map.of("type", "function", "function", tfn)));
    return v;
  }

  static List<Path> templates() throws IOException {
    try (Stream<Path> s = Files.list(LlamaSource.root().resolve("models/templates"))) {
      return s.filter(p -> p.toString().endsWith(".jinja")).sorted().toList();
    }
  }

  @Test
  void everyTemplateRendersPlainAndToolCallConversations() throws IOException {
    List<String> failures = new ArrayList<>();
    int ok = 0;
    int refused = 0;
    List<Path> all = templates();
    for (Path p : all) {
      ChatTemplate t = ChatTemplate.of(Files.readString(p, StandardCharsets.UTF_8));
      for (Map<String, Object> v : List.of(vars(plain()), toolCall())) {
        try {
          String out = t.render(v);
          assertTrue(out.contains(v.get("tools") == null ? "Who are you" : "Paris"), p + " lost the content: " + out);
          ok++;
        } catch (ChatTemplateException e) {
          if (e.getMessage().contains("raise_exception: ")) {
            refused++;
            System.out.println("  refused by the template itself: " + p.getFileName() + ": " + e.getMessage());
          } else {
            failures.add(p.getFileName() + (v.get("tools") == null ? " plain: " : " tools: ") + e.getMessage());
          }
        } catch (AssertionError e) {
          failures.add(p.getFileName() + (v.get("tools") == null ? " plain: " : " tools: ") + e.getMessage());
        }
      }
    }
    System.out.println("templates: " + ok + "/" + (2 * all.size()) + " renders ok, " + refused
        + " refused by raise_exception, " + failures.size() + " failed");
    failures.forEach(f -> System.out.println("  " + f.replace('\n', ' ')));
    assertTrue(all.size() >= 60, "expected the pinned tree's ~70 templates, found " + all.size());
    java.util.Set<String> failedFiles = new java.util.TreeSet<>();
    for (String f : failures) {
      failedFiles.add(f.substring(0, f.indexOf(' ')));
    }
    assertEquals(new java.util.TreeSet<>(KNOWN.keySet()), failedFiles, "templates that fail changed");
  }
}
