package io.slm4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import io.slm4j.Device;
import io.slm4j.fixtures.Fixtures;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as the official OpenAI Java SDK and a plain HTTP client see it, with the tiny fixture in
 * all three formats served at once (GGUF, GenAI folder, OpenVINO IR folder).
 */
class OpenAiClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "test-key";
  private static ModelRegistry registry;
  private static SlmServer server;
  private static OpenAIClient client;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    registry = new ModelRegistry()
        .add(new ModelRegistry.Spec("tiny-gguf", Fixtures.get("tiny-gguf-f32"), "llama-cpp", Device.CPU, 2, 256))
        .add(new ModelRegistry.Spec("tiny-genai", Fixtures.get("tiny-genai"), "onnxruntime-genai", Device.CPU, 2, 256))
        .add(new ModelRegistry.Spec("tiny-ov", Fixtures.get("tiny-ov"), "openvino", Device.CPU, 2, 256));
    server = SlmServer.builder(registry).port(0).apiKey(KEY).concurrency(1).queue(0).maxBodyBytes(4096).build().start();
    client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(KEY).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    registry.close();
  }

  private static ChatCompletionCreateParams chat(String model, int max) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.").addUserMessage("Hello there")
        .maxCompletionTokens(max).temperature(0.0).build();
  }

  @Test
  void plainChatOnEveryFormatIsGreedyAndCountsTokens() {
    for (String m : List.of("tiny-gguf", "tiny-genai", "tiny-ov")) {
      ChatCompletion c = client.chat().completions().create(chat(m, 6));
      assertEquals(m, c.model());
      String text = c.choices().get(0).message().content().orElseThrow();
      assertFalse(text.isEmpty(), m);
      assertEquals(6, c.usage().orElseThrow().completionTokens(), m + ": the tiny model never stops early: " + text);
      assertEquals("length", c.choices().get(0).finishReason().asString());
      // Same request, greedy: the same answer again (the KV cache of the first must not leak into it).
      assertEquals(text, client.chat().completions().create(chat(m, 6)).choices().get(0).message().content().orElseThrow());
    }
  }

  @Test
  void streamingChatJoinsToThePlainAnswerAndEndsWithUsage() {
    String whole = client.chat().completions().create(chat("tiny-gguf", 8)).choices().get(0).message().content().orElseThrow();
    ChatCompletionCreateParams p = chat("tiny-gguf", 8).toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    StringBuilder sb = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(p)) {
      s.stream().forEach(c -> {
        chunks.add(c);
        c.choices().forEach(ch -> ch.delta().content().ifPresent(sb::append));
      });
    }
    assertEquals(whole, sb.toString());
    assertTrue(chunks.size() >= 4, "role chunk, token chunks, finish chunk, usage chunk: " + chunks.size());
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    assertEquals(8, last.usage().orElseThrow().completionTokens());
  }

  @Test
  void completionsAndModels() {
    Completion c = client.completions().create(CompletionCreateParams.builder().model("tiny-ov").prompt("Once upon a time")
        .maxTokens(5).temperature(0.0).build());
    assertFalse(c.choices().get(0).text().isEmpty());
    assertEquals(5, c.usage().orElseThrow().completionTokens());
    List<String> ids = client.models().list().data().stream().map(m -> m.id()).toList();
    assertEquals(List.of("tiny-gguf", "tiny-genai", "tiny-ov"), ids);
  }

  @Test
  void errorsAreOpenAiShaped() {
    NotFoundException nf = assertThrows(NotFoundException.class, () -> client.chat().completions().create(chat("nope", 4)));
    assertTrue(nf.getMessage().contains("nope"), nf.getMessage());
    BadRequestException tools = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
        chat("tiny-gguf", 4).toBuilder().putAdditionalBodyProperty("tools",
            JsonValue.from(List.of(Map.of("type", "function", "function", Map.of("name", "f"))))).build()));
    assertTrue(tools.getMessage().contains("tool"), tools.getMessage());
    BadRequestException rf = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
        chat("tiny-gguf", 4).toBuilder().putAdditionalBodyProperty("response_format",
            JsonValue.from(Map.of("type", "json_object"))).build()));
    assertTrue(rf.getMessage().contains("response_format"), rf.getMessage());
    assertThrows(BadRequestException.class, () -> client.chat().completions().create(chat("tiny-gguf", 4).toBuilder()
        .temperature(-1.0).build()));
    OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey("wrong").maxRetries(0).build();
    assertThrows(UnauthorizedException.class, () -> wrongKey.models().list());
  }

  @Test
  void tooLargeAndEmbeddingsAndHealth() throws Exception {
    HttpResponse<String> big = post("/v1/chat/completions", "{\"model\":\"tiny-gguf\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(5000) + "\"}]}");
    assertEquals(413, big.statusCode());
    assertEquals("request_too_large", JSON.readTree(big.body()).path("error").path("code").asText());
    HttpResponse<String> emb = post("/v1/embeddings", "{\"model\":\"tiny-gguf\",\"input\":\"x\"}");
    assertEquals(400, emb.statusCode());
    assertTrue(JSON.readTree(emb.body()).path("error").path("message").asText().contains("embeddings"));
    HttpResponse<String> bad = post("/v1/chat/completions", "{not json");
    assertEquals(400, bad.statusCode());
    HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode()); // no key needed for a liveness probe
  }

  @Test
  void ollamaChatStreamsNdjsonAndGenerateAnswersWhole() throws Exception {
    HttpResponse<InputStream> r = HTTP.send(request("/api/chat", "{\"model\":\"tiny-genai\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Hi\"}],\"options\":{\"temperature\":0,\"num_predict\":5}}"), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertEquals("application/x-ndjson", r.headers().firstValue("content-type").orElse(""));
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        lines.add(JSON.readTree(l));
      }
    }
    JsonNode last = lines.get(lines.size() - 1);
    assertTrue(last.path("done").asBoolean());
    assertEquals(5, last.path("eval_count").asInt());
    assertEquals(6, lines.size(), "five token lines (the tiny model's tokens are whole characters) and the done line");
    HttpResponse<String> g = post("/api/generate", "{\"model\":\"tiny-ov\",\"prompt\":\"Hi\",\"stream\":false,"
        + "\"options\":{\"temperature\":0,\"num_predict\":3}}");
    JsonNode gj = JSON.readTree(g.body());
    assertTrue(gj.path("done").asBoolean());
    assertFalse(gj.path("response").asText().isEmpty());
    JsonNode tags = JSON.readTree(HTTP.send(authed("/api/tags").build(), HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(3, tags.path("models").size());
    assertEquals("openvino", tags.path("models").get(2).path("details").path("format").asText());
    assertEquals(SlmServer.VERSION, JSON.readTree(HTTP.send(authed("/api/version").build(),
        HttpResponse.BodyHandlers.ofString()).body()).path("version").asText());
  }

  @Test
  void aDisconnectedClientStopsItsGenerationAndAFullServerSays429() throws Exception {
    double before = metric("slm4j_generations_cancelled_total");
    HttpResponse<InputStream> r = HTTP.send(request("/v1/chat/completions", "{\"model\":\"tiny-gguf\",\"stream\":true,"
        + "\"max_tokens\":100000,\"messages\":[{\"role\":\"user\",\"content\":\"Go on\"}]}"), HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = r.body();
    body.read(new byte[64]); // the stream started: the one generation slot is taken
    HttpResponse<String> busy = post("/v1/chat/completions", "{\"model\":\"tiny-gguf\",\"max_tokens\":2,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(429, busy.statusCode(), busy.body());
    body.close();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (metric("slm4j_generations_cancelled_total") == before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(before + 1, metric("slm4j_generations_cancelled_total"), "the generation ran on after the client left");
    assertEquals(0, metric("slm4j_generations_in_flight"));
  }

  private static double metric(String name) throws Exception {
    String text = HTTP.send(authed("/metrics").build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String l : text.split("\n")) {
      if (l.startsWith(name + " ")) {
        return Double.parseDouble(l.substring(name.length() + 1));
      }
    }
    throw new AssertionError(name + " not in /metrics:\n" + text);
  }

  private static HttpRequest.Builder authed(String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + KEY);
  }

  private static HttpRequest request(String path, String body) {
    return authed(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(request(path, body), HttpResponse.BodyHandlers.ofString());
  }
}
