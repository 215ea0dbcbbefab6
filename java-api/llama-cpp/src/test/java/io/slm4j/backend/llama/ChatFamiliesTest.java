package io.slm4j.backend.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ChatMessage;
import io.slm4j.Device;
import io.slm4j.chat.ChatPrompt;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.ChatTemplates;
import io.slm4j.spi.LoadOptions;
import io.slm4j.spi.TokenDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Model families' own templates (models/templates) rendered by core and tokenized against the
 * matching vocabulary GGUFs of the pinned llama.cpp tree (models/ggml-vocab-*.gguf, loaded vocab
 * only): every control token the template writes is one id, BOS appears exactly once, and the ids
 * equal llama.cpp's own tokenization of the rendered text.
 */
class ChatFamiliesTest {
  static Path source() {
    try {
      Path repo = Path.of(System.getProperty("slm4j.root", "../.."));
      Process p = new ProcessBuilder("bash", repo.resolve("native/llama-source").toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
      assertEquals(0, p.waitFor());
      return Path.of(lines[lines.length - 1].strip());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static BackendModel vocab(String vocab, String template) throws IOException {
    Path src = source();
    String t = Files.readString(src.resolve("models/templates/" + template + ".jinja"), StandardCharsets.UTF_8);
    return LlamaBackendModel.open(src.resolve("models/ggml-vocab-" + vocab + ".gguf"), new LoadOptions(Device.CPU, 1, 0,
        0, null, Map.of("llama-cpp.vocab_only", "true", ChatTemplates.OPTION, t)), List.of());
  }

  static final List<ChatMessage> CHAT = List.of(new ChatMessage("system", "You are concise."),
      new ChatMessage("user", "Hello there"), new ChatMessage("assistant", "Hi! How can I help?"),
      new ChatMessage("user", "Name a colour."));

  /** Checks the prompt against the vocabulary and returns its text. */
  static String check(BackendModel m, List<ChatMessage> chat, Map<String, Object> extra, String... controls) {
    ChatPrompt p = ChatPrompt.build(m, chat, List.of(), true, extra);
    var info = m.tokenizerInfo();
    int[] ids = p.ids();
    String report = p.text().replace("\n", "\\n") + " -> " + Arrays.toString(ids);
    for (String c : controls) {
      Integer id = info.specialTokens().get(c);
      assertTrue(id != null, c + " is not a control token of this vocabulary");
      int inText = (p.text().length() - p.text().replace(c, "").length()) / c.length();
      assertTrue(inText > 0, c + " missing from " + report);
      assertEquals(inText, (int) Arrays.stream(ids).filter(x -> x == id).count(), c + " as ids: " + report);
    }
    boolean templateBos = info.bosToken() != null && p.text().startsWith(info.bosToken());
    if (info.addBos() || templateBos) {
      assertEquals(info.bosId(), ids[0], report);
      assertEquals(1, Arrays.stream(ids).filter(x -> x == info.bosId()).count(), "BOS once: " + report);
    }
    assertArrayEquals(m.tokenize(p.text(), info.addBos() && !templateBos, true), ids, report);
    System.out.println(report);
    return p.text();
  }

  @Test
  void llama3() throws IOException {
    try (BackendModel m = vocab("llama-bpe", "meta-llama-Llama-3.2-3B-Instruct")) {
      String text = check(m, CHAT, Map.of(), "<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
          "<|eot_id|>");
      assertTrue(text.endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n"), text);
      // What the old path did (tokenize with BOS on a template that writes it) doubles the BOS.
      int[] doubled = m.tokenize(text, true, true);
      assertEquals(2, Arrays.stream(doubled).filter(x -> x == m.tokenizerInfo().bosId()).count());
    }
  }

  @Test
  void gemma() throws IOException {
    try (BackendModel m = vocab("gemma-4", "google-gemma-4-31B-it")) {
      String text = check(m, CHAT, Map.of(), "<|turn>", "<turn|>");
      assertTrue(text.contains("Name a colour."), text);
    }
  }

  @Test
  void phi35() throws IOException {
    try (BackendModel m = vocab("phi-3", "microsoft-Phi-3.5-mini-instruct")) {
      String text = check(m, CHAT, Map.of(), "<|system|>", "<|user|>", "<|assistant|>", "<|end|>");
      assertTrue(text.endsWith("<|assistant|>\n"), text);
    }
  }

  @Test
  void qwen3ThinkingOnAndOff() throws IOException {
    try (BackendModel m = vocab("qwen35", "Qwen-Qwen3-0.6B")) {
      String on = check(m, CHAT, Map.of("enable_thinking", true), "<|im_start|>", "<|im_end|>");
      String off = check(m, CHAT, Map.of("enable_thinking", false), "<|im_start|>", "<|im_end|>");
      assertTrue(on.endsWith("<|im_start|>assistant\n"), on);
      assertTrue(off.endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n"), off);
    }
  }

  @Test
  void mistral() throws IOException {
    try (BackendModel m = vocab("llama-spm", "mistralai-Mistral-Nemo-Instruct-2407")) {
      String text = check(m, CHAT.subList(1, 4), Map.of(), "<s>", "</s>");
      assertTrue(text.startsWith("<s>[INST]Hello there[/INST]"), text);
    }
  }

  @Test
  void incrementalDecodingKeepsSentencePieceWordSpaces() throws IOException {
    try (BackendModel m = vocab("llama-spm", "mistralai-Mistral-Nemo-Instruct-2407")) {
      int[] ids = m.tokenize("Hello world, again and again", false, false);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (TokenDecoder d = m.newDecoder()) {
        for (int id : ids) {
          out.writeBytes(d.next(id));
        }
      }
      String streamed = out.toString(StandardCharsets.UTF_8);
      assertTrue(streamed.endsWith("Hello world, again and again"), streamed);
      assertTrue(streamed.contains(" world, again and again"), "word-leading spaces lost: " + streamed);
    }
  }
}
