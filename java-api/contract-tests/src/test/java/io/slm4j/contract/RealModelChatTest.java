package io.slm4j.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ChatSession;
import io.slm4j.FinishReason;
import io.slm4j.GenerationConfig;
import io.slm4j.SlmModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A two-turn chat with the real SmolLM2-135M-Instruct (F32) on every backend: turns that end with the
 * model's end-of-turn token, a second turn on the reused KV cache equal to a fresh session's, and the
 * same replies on every backend.
 */
class RealModelChatTest {
  @Test
  void twoTurnsEndAtEndOfTurnReuseTheCacheAndAgreeAcrossBackends() {
    GenerationConfig cfg = GenerationConfig.builder().greedy().maxTokens(48).build();
    Map<String, List<String>> replies = new LinkedHashMap<>();
    Map<String, Integer> promptTokens = new LinkedHashMap<>();
    for (String backend : Models.backends().toList()) {
      SlmModel m = Models.shared("smollm2", backend);
      String a1;
      String a2;
      try (ChatSession chat = m.chat()) {
        chat.system("You are a helpful assistant. Answer in one short sentence.");
        a1 = chat.send("What is the capital of France?", cfg);
        promptTokens.put(backend, chat.lastStats().promptTokens());
        assertEquals(FinishReason.END_OF_SEQUENCE, chat.lastStats().finishReason(), backend + ": " + a1);
        assertTrue(a1.contains("Paris"), backend + ": " + a1);
        a2 = chat.send("And of Germany?", cfg);
        assertTrue(chat.lastStats().reusedPromptTokens() > 20, backend + ": " + chat.lastStats());
      }
      try (ChatSession fresh = m.chat()) {
        fresh.system("You are a helpful assistant. Answer in one short sentence.")
            .add("user", "What is the capital of France?").add("assistant", a1);
        assertEquals(a2, fresh.send("And of Germany?", cfg), backend + ": reused cache vs fresh session");
      }
      replies.put(backend, List.of(a1, a2));
      System.out.println(backend + ": " + replies.get(backend));
    }
    assertEquals(1, promptTokens.values().stream().distinct().count(), "templated prompts differ: " + promptTokens);
    assertEquals(1, replies.values().stream().distinct().count(), "replies differ across backends: " + replies);
  }
}
