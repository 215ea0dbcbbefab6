package io.slm4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slm4j.ChatMessage;
import io.slm4j.ChatSession;
import io.slm4j.ContextOverflowException;
import io.slm4j.GenerationConfig;
import io.slm4j.GenerationException;
import io.slm4j.GenerationStats;
import io.slm4j.ModelInfo;
import io.slm4j.Slm4jException;
import io.slm4j.SlmModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves the models of a {@link ModelRegistry} over HTTP with the OpenAI wire protocol
 * ({@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/models}) and Ollama's
 * ({@code /api/chat}, {@code /api/generate}, {@code /api/tags}, {@code /api/show}, {@code /api/version}),
 * plus {@code /health} and {@code /metrics}. Each generation runs on the request's thread; a client
 * that disconnects during a stream stops its generation at the next token. At most
 * {@code concurrency} generations run at once and {@code queue} more wait; beyond that the answer is
 * 429. The server owns neither the registry nor its models: close them after the server.
 */
public final class SlmServer implements AutoCloseable {
  static final String VERSION = "0.1.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelRegistry models;
  private final String apiKey;
  private final long maxBodyBytes;
  private final Semaphore admitted;
  private final Semaphore running;
  private final Metrics metrics = new Metrics();
  private final Server server;
  private final ServerConnector connector;

  private SlmServer(Builder b) {
    this.models = b.models;
    this.apiKey = b.apiKey;
    this.maxBodyBytes = b.maxBodyBytes;
    this.admitted = new Semaphore(b.concurrency + b.queue);
    this.running = new Semaphore(b.concurrency, true);
    // Threads: every admitted generation may hold one, plus a few for health/metrics while busy.
    QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, b.concurrency + b.queue + 8), 2);
    pool.setName("slm4j-http");
    server = new Server(pool);
    connector = new ServerConnector(server);
    connector.setHost(b.host);
    connector.setPort(b.port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        dispatch(request, response, callback);
        return true;
      }
    });
  }

  /**
   * @param models the models to serve
   * @return a builder, loopback on port 8080 by default
   */
  public static Builder builder(ModelRegistry models) {
    return new Builder(models);
  }

  /**
   * Starts listening.
   *
   * @return this server
   * @throws Slm4jException if the port cannot be bound
   */
  public SlmServer start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new Slm4jException("could not start the HTTP server on " + connector.getHost() + ":" + connector.getPort()
          + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** @return the bound port (useful with port 0) */
  public int port() {
    return connector.getLocalPort();
  }

  /** @return the bound address, for example {@code http://127.0.0.1:8080} */
  public String baseUrl() {
    return "http://" + (connector.getHost() == null ? "0.0.0.0" : connector.getHost()) + ":" + port();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting requests and cancels running generations. Idempotent. */
  @Override
  public void close() {
    try {
      for (String name : models.loadedNames()) {
        models.get(name).cancel();
      }
    } catch (ApiException e) {
      // the registry is already closed: nothing to cancel
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new Slm4jException("could not stop the HTTP server: " + e.getMessage(), e);
    }
  }

  // ---- dispatch ----

  private void dispatch(Request req, Response res, Callback cb) {
    String path = Request.getPathInContext(req);
    String method = req.getMethod();
    String endpoint = endpointLabel(path);
    int[] status = {200};
    try {
      if (!path.equals("/health") && !authorised(req)) {
        throw new ApiException(401, "invalid_request_error", "invalid_api_key", null, "Missing or wrong API key");
      }
      switch (method + " " + path) {
        case "GET /health" -> json(res, cb, JSON.createObjectNode().put("status", "ok"));
        case "GET /metrics" -> text(res, cb, "text/plain; version=0.0.4; charset=utf-8",
            metrics.render(models.loadedNames().size()));
        case "GET /v1/models" -> json(res, cb, modelList());
        case "POST /v1/chat/completions" -> status[0] = generate(req, res, cb, Api.OPENAI_CHAT);
        case "POST /v1/completions" -> status[0] = generate(req, res, cb, Api.OPENAI_COMPLETION);
        case "POST /v1/embeddings" -> throw ApiException.unsupported(null, "embeddings are not supported by slm4j yet");
        case "POST /api/chat" -> status[0] = generate(req, res, cb, Api.OLLAMA_CHAT);
        case "POST /api/generate" -> status[0] = generate(req, res, cb, Api.OLLAMA_GENERATE);
        case "GET /api/tags" -> json(res, cb, tags());
        case "POST /api/show" -> json(res, cb, show(body(req)));
        case "GET /api/version" -> json(res, cb, JSON.createObjectNode().put("version", VERSION));
        default -> {
          if (method.equals("GET") && path.startsWith("/v1/models/")) {
            json(res, cb, modelEntry(models.spec(path.substring("/v1/models/".length()))));
          } else {
            throw new ApiException(404, "invalid_request_error", "not_found", null, "No route for " + method + " " + path);
          }
        }
      }
    } catch (ApiException e) {
      status[0] = e.status();
      error(res, cb, e);
    } catch (RuntimeException e) {
      status[0] = 500;
      error(res, cb, new ApiException(500, "server_error", "internal_error", null, String.valueOf(e.getMessage())));
    } finally {
      metrics.request(endpoint, status[0]);
    }
  }

  private static String endpointLabel(String path) {
    return switch (path) {
      case "/health", "/metrics", "/v1/models", "/v1/chat/completions", "/v1/completions", "/v1/embeddings",
          "/api/chat", "/api/generate", "/api/tags", "/api/show", "/api/version" -> path;
      default -> path.startsWith("/v1/models/") ? "/v1/models/{id}" : "other";
    };
  }

  private boolean authorised(Request req) {
    if (apiKey == null) {
      return true;
    }
    String h = req.getHeaders().get(HttpHeader.AUTHORIZATION);
    String given = h != null && h.startsWith("Bearer ") ? h.substring(7) : req.getHeaders().get("x-api-key");
    // Constant-time comparison: the key guards a network port.
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode body(Request req) {
    long declared = req.getLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = Request.asInputStream(req)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    } catch (IOException e) {
      throw ApiException.badRequest(null, "could not read the request body: " + e.getMessage());
    }
    if (bytes.length > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest(null, "the request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest(null, "could not read the request body: " + e.getMessage());
    }
  }

  private ApiException tooLarge() {
    return new ApiException(413, "invalid_request_error", "request_too_large", null,
        "The request body exceeds " + maxBodyBytes + " bytes");
  }

  // ---- generation, shared by both protocols ----

  private enum Api { OPENAI_CHAT, OPENAI_COMPLETION, OLLAMA_CHAT, OLLAMA_GENERATE }

  private int generate(Request req, Response res, Callback cb, Api api) {
    JsonNode b = body(req);
    Requests.rejectUnsupported(b);
    boolean openAi = api == Api.OPENAI_CHAT || api == Api.OPENAI_COMPLETION;
    boolean chat = api == Api.OPENAI_CHAT || api == Api.OLLAMA_CHAT;
    String name = b.path("model").asText(null);
    List<ChatMessage> messages = null;
    String prompt = null;
    if (chat) {
      messages = Requests.messages(b.get("messages"));
    } else {
      JsonNode p = b.get(api == Api.OLLAMA_GENERATE ? "prompt" : "prompt");
      if (p != null && p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
        p = p.get(0);
      }
      if (p == null || !p.isTextual()) {
        throw ApiException.badRequest("prompt", "prompt must be a string");
      }
      prompt = p.asText();
      if (api == Api.OLLAMA_GENERATE && !b.path("raw").asBoolean(false)) {
        // Ollama applies the model's template to /api/generate unless raw is set.
        messages = new java.util.ArrayList<>();
        if (b.hasNonNull("system")) {
          messages.add(new ChatMessage("system", b.get("system").asText()));
        }
        messages.add(new ChatMessage("user", prompt));
      }
    }
    GenerationConfig cfg = openAi ? Requests.openAi(b, api == Api.OPENAI_CHAT ? 512 : 16) : Requests.ollama(b);
    boolean stream = b.path("stream").asBoolean(!openAi); // Ollama streams unless told not to
    boolean usageChunk = b.path("stream_options").path("include_usage").asBoolean(false);
    String modelName = models.spec(name).name();

    if (!admitted.tryAcquire()) {
      throw new ApiException(429, "rate_limit_error", "too_many_requests", null,
          "Too many generations in progress; retry later");
    }
    metrics.inFlight.incrementAndGet();
    try {
      SlmModel model = models.get(modelName);
      running.acquireUninterruptibly();
      try {
        Writer w = new Writer(api, stream, usageChunk, modelName);
        OutputStream out = null;
        if (stream) {
          res.setStatus(200);
          res.getHeaders().put(HttpHeader.CONTENT_TYPE, openAi ? "text/event-stream" : "application/x-ndjson");
          res.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
          out = Content.Sink.asOutputStream(res);
          w.out = out;
          w.start();
        }
        GenerationStats stats;
        try {
          stats = run(model, messages, prompt, cfg, w);
        } catch (GenerationException e) {
          if (e.getCause() instanceof UncheckedIOException) {
            metrics.cancelled.increment(); // the client went away; the generation stopped at its next token
            cb.failed(e.getCause().getCause());
            return 499;
          }
          throw e;
        }
        metrics.promptTokens.add(stats.promptTokens());
        metrics.generatedTokens.add(stats.generatedTokens());
        metrics.decodeNanos.add(stats.decodeNanos());
        if (stream) {
          try {
            w.finish(stats);
            out.close();
            cb.succeeded();
          } catch (IOException | UncheckedIOException e) {
            cb.failed(e);
          }
        } else {
          json(res, cb, w.whole(stats));
        }
        return 200;
      } finally {
        running.release();
      }
    } catch (ContextOverflowException e) {
      throw new ApiException(400, "invalid_request_error", "context_length_exceeded", "messages", e.getMessage());
    } catch (io.slm4j.ModelBusyException e) {
      // Every session of the model stayed busy for its queue timeout: retryable, like a full queue.
      throw new ApiException(429, "rate_limit_error", "model_busy", null, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, e.getMessage());
    } catch (GenerationException e) {
      throw new ApiException(500, "server_error", "generation_failed", null, e.getMessage());
    } finally {
      metrics.inFlight.decrementAndGet();
      admitted.release();
    }
  }

  private static GenerationStats run(SlmModel model, List<ChatMessage> messages, String prompt, GenerationConfig cfg,
      Writer w) {
    if (messages == null) {
      return model.stream(prompt, cfg, w::text);
    }
    try (ChatSession s = model.chat()) {
      for (ChatMessage m : messages.subList(0, messages.size() - 1)) {
        s.add(m.role(), m.content());
      }
      s.send(messages.get(messages.size() - 1).content(), cfg, w::text);
      return s.lastStats();
    }
  }

  /** Formats one generation in its protocol, streaming or whole. */
  private static final class Writer {
    private final Api api;
    private final boolean stream;
    private final boolean usageChunk;
    private final String model;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private final StringBuilder text = new StringBuilder();
    OutputStream out;

    Writer(Api api, boolean stream, boolean usageChunk, String model) {
      this.api = api;
      this.stream = stream;
      this.usageChunk = usageChunk;
      this.model = model;
      this.id = (api == Api.OPENAI_CHAT ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
    }

    void start() {
      if (api == Api.OPENAI_CHAT) {
        ObjectNode c = chunk();
        ObjectNode ch = c.withArray("choices").addObject().put("index", 0);
        ch.putObject("delta").put("role", "assistant").put("content", "");
        ch.putNull("finish_reason");
        send(c);
      }
    }

    void text(String piece) {
      if (!stream) {
        text.append(piece);
        return;
      }
      ObjectNode c = switch (api) {
        case OPENAI_CHAT -> {
          ObjectNode n = chunk();
          ObjectNode ch = n.withArray("choices").addObject().put("index", 0);
          ch.putObject("delta").put("content", piece);
          ch.putNull("finish_reason");
          yield n;
        }
        case OPENAI_COMPLETION -> {
          ObjectNode n = chunk();
          n.withArray("choices").addObject().put("index", 0).put("text", piece).putNull("logprobs").putNull("finish_reason");
          yield n;
        }
        case OLLAMA_CHAT -> {
          ObjectNode n = ollama(false);
          n.putObject("message").put("role", "assistant").put("content", piece);
          yield n;
        }
        case OLLAMA_GENERATE -> ollama(false).put("response", piece);
      };
      send(c);
    }

    void finish(GenerationStats s) throws IOException {
      String reason = Requests.openAiFinish(s.finishReason());
      switch (api) {
        case OPENAI_CHAT -> {
          ObjectNode n = chunk();
          ObjectNode ch = n.withArray("choices").addObject().put("index", 0);
          ch.putObject("delta");
          ch.put("finish_reason", reason);
          send(n);
        }
        case OPENAI_COMPLETION -> {
          ObjectNode n = chunk();
          n.withArray("choices").addObject().put("index", 0).put("text", "").putNull("logprobs").put("finish_reason", reason);
          send(n);
        }
        default -> {
          ObjectNode n = ollamaDone(s);
          if (api == Api.OLLAMA_CHAT) {
            n.putObject("message").put("role", "assistant").put("content", "");
          } else {
            n.put("response", "");
          }
          send(n);
        }
      }
      if (api == Api.OPENAI_CHAT || api == Api.OPENAI_COMPLETION) {
        if (usageChunk) {
          ObjectNode n = chunk();
          n.putArray("choices");
          n.set("usage", usage(s));
          send(n);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      }
    }

    JsonNode whole(GenerationStats s) {
      String reason = Requests.openAiFinish(s.finishReason());
      return switch (api) {
        case OPENAI_CHAT -> {
          ObjectNode n = base("chat.completion");
          ObjectNode ch = n.putArray("choices").addObject().put("index", 0);
          ch.putObject("message").put("role", "assistant").put("content", text.toString()).putNull("refusal");
          ch.putNull("logprobs");
          ch.put("finish_reason", reason);
          n.set("usage", usage(s));
          yield n;
        }
        case OPENAI_COMPLETION -> {
          ObjectNode n = base("text_completion");
          n.putArray("choices").addObject().put("index", 0).put("text", text.toString()).putNull("logprobs")
              .put("finish_reason", reason);
          n.set("usage", usage(s));
          yield n;
        }
        case OLLAMA_CHAT -> {
          ObjectNode n = ollamaDone(s);
          n.putObject("message").put("role", "assistant").put("content", text.toString());
          yield n;
        }
        case OLLAMA_GENERATE -> ollamaDone(s).put("response", text.toString());
      };
    }

    private ObjectNode base(String object) {
      ObjectNode n = JSON.createObjectNode();
      n.put("id", id).put("object", object).put("created", created).put("model", model);
      n.put("system_fingerprint", "slm4j-" + VERSION);
      return n;
    }

    private ObjectNode chunk() {
      return base(api == Api.OPENAI_CHAT ? "chat.completion.chunk" : "text_completion");
    }

    private ObjectNode ollama(boolean done) {
      ObjectNode n = JSON.createObjectNode();
      n.put("model", model).put("created_at", Instant.now().toString());
      n.put("done", done);
      return n;
    }

    private ObjectNode ollamaDone(GenerationStats s) {
      ObjectNode n = ollama(true);
      n.put("done_reason", Requests.openAiFinish(s.finishReason()));
      n.put("total_duration", s.prefillNanos() + s.decodeNanos());
      n.put("prompt_eval_count", s.promptTokens()).put("prompt_eval_duration", s.prefillNanos());
      n.put("eval_count", s.generatedTokens()).put("eval_duration", s.decodeNanos());
      return n;
    }

    private static ObjectNode usage(GenerationStats s) {
      ObjectNode u = JSON.createObjectNode();
      u.put("prompt_tokens", s.promptTokens()).put("completion_tokens", s.generatedTokens())
          .put("total_tokens", s.promptTokens() + s.generatedTokens());
      return u;
    }

    private void send(JsonNode n) {
      try {
        String line = JSON.writeValueAsString(n);
        byte[] bytes = (api == Api.OPENAI_CHAT || api == Api.OPENAI_COMPLETION ? "data: " + line + "\n\n" : line + "\n")
            .getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.flush(); // each token reaches the client now; a gone client fails this write
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---- model listings ----

  private JsonNode modelList() {
    ObjectNode n = JSON.createObjectNode().put("object", "list");
    ArrayNode data = n.putArray("data");
    for (ModelRegistry.Spec s : models.specs()) {
      data.add(modelEntry(s));
    }
    return n;
  }

  private ObjectNode modelEntry(ModelRegistry.Spec s) {
    return JSON.createObjectNode().put("id", s.name()).put("object", "model").put("created", models.createdSeconds())
        .put("owned_by", "slm4j");
  }

  private JsonNode tags() {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode arr = n.putArray("models");
    for (ModelRegistry.Spec s : models.specs()) {
      ObjectNode m = arr.addObject().put("name", s.name()).put("model", s.name())
          .put("modified_at", Instant.ofEpochSecond(models.createdSeconds()).toString())
          .put("size", ModelRegistry.size(s)).put("digest", digest(s));
      m.putObject("details").put("format", ModelRegistry.format(s)).put("family", "")
          .put("parameter_size", "").put("quantization_level", "");
    }
    return n;
  }

  private JsonNode show(JsonNode b) {
    String name = b.hasNonNull("model") ? b.get("model").asText() : b.path("name").asText(null);
    ModelRegistry.Spec spec = models.spec(name);
    ModelInfo info = models.get(spec.name()).info();
    ObjectNode n = JSON.createObjectNode();
    n.put("template", info.chatTemplate() == null ? "" : info.chatTemplate());
    n.putObject("details").put("format", ModelRegistry.format(spec)).put("family", info.architecture())
        .put("parameter_size", info.parameterCount() < 0 ? "" : String.valueOf(info.parameterCount()))
        .put("quantization_level", info.quantization());
    n.putObject("model_info").put("general.architecture", info.architecture())
        .put("general.parameter_count", info.parameterCount()).put("context_length", info.contextLength())
        .put("slm4j.backend", info.backend()).put("slm4j.device", info.device().name());
    return n;
  }

  private static String digest(ModelRegistry.Spec s) {
    // A stable id for clients that key caches on it; not a content hash (hashing GBs per listing is too slow).
    return Integer.toHexString(Objects.hash(s.path().toAbsolutePath().toString(), ModelRegistry.size(s)));
  }

  // ---- plain answers ----

  private static void json(Response res, Callback cb, JsonNode n) {
    try {
      text(res, cb, "application/json", JSON.writeValueAsString(n));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void text(Response res, Callback cb, String type, String body) {
    res.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    Content.Sink.write(res, true, body, cb);
  }

  private static void error(Response res, Callback cb, ApiException e) {
    if (res.isCommitted()) {
      // A stream already started: the status is sent, so end the connection instead of lying with 200.
      cb.failed(e);
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    ObjectNode err = n.putObject("error");
    err.put("message", e.getMessage()).put("type", e.type());
    if (e.param() == null) {
      err.putNull("param");
    } else {
      err.put("param", e.param());
    }
    if (e.code() == null) {
      err.putNull("code");
    } else {
      err.put("code", e.code());
    }
    res.setStatus(e.status());
    json(res, cb, n);
  }

  /** Configures a {@link SlmServer}. */
  public static final class Builder {
    private final ModelRegistry models;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String apiKey;
    private int concurrency = 8;
    private int queue = 32;
    private long maxBodyBytes = 4 << 20;

    Builder(ModelRegistry models) {
      this.models = Objects.requireNonNull(models, "models");
    }

    /** @param host the address to bind; loopback by default, {@code 0.0.0.0} for every interface @return this */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** @param port the port, 0 for any free one @return this */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
      }
      this.port = port;
      return this;
    }

    /** @param key the key clients must send as {@code Authorization: Bearer KEY}, or null for none @return this */
    public Builder apiKey(String key) {
      this.apiKey = key == null || key.isEmpty() ? null : key;
      return this;
    }

    /** @param n generations that run at once @return this */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + n);
      }
      this.concurrency = n;
      return this;
    }

    /** @param n generations that may wait for a turn before the server answers 429 @return this */
    public Builder queue(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("queue must be >= 0, got " + n);
      }
      this.queue = n;
      return this;
    }

    /** @param bytes the largest request body accepted (413 beyond) @return this */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** @return the server, not started */
    public SlmServer build() {
      return new SlmServer(this);
    }
  }
}
