package io.slm4j.backend.openvino;

import io.slm4j.spi.Json;
import static io.slm4j.openvino.global.openvino.*;

import io.slm4j.openvino.OpenVino;
import io.slm4j.openvino.OpenVinoException;
import io.slm4j.openvino.ov_compiled_model_t;
import io.slm4j.openvino.ov_core_t;
import io.slm4j.openvino.ov_model_t;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A language model in OpenVINO IR, loaded from the folder layout OpenVINO's exporters produce:
 * a stateful {@code openvino_model.xml/.bin} (KV cache as model state), {@code
 * openvino_tokenizer.xml/.bin}, {@code openvino_detokenizer.xml/.bin}, {@code config.json} and
 * optionally {@code generation_config.json}.
 *
 * <pre>{@code
 * try (OpenVinoLlm llm = OpenVinoLlm.load(folder, LoadOptions.builder().device("CPU").build())) {
 *   GenerationResult r = llm.generate("Hello", GenerationOptions.greedy(32), System.out::print);
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #generate} calls are serialised on one internal session (its state is
 * reset for every prompt); each {@link #chat()} has its own infer request and KV state and may run
 * in parallel with others. Closing the model closes its tokenizer and every chat made from it.
 */
public final class OpenVinoLlm implements AutoCloseable {
  static final String MODEL_XML = "openvino_model.xml";
  static final String TOKENIZER_XML = "openvino_tokenizer.xml";
  static final String DETOKENIZER_XML = "openvino_detokenizer.xml";
  private static final Set<String> META_DEVICES = Set.of("AUTO", "HETERO", "MULTI", "BATCH");

  private final Path folder;
  private final String device;
  private final ov_core_t core;
  private final ov_compiled_model_t compiled;
  private final OpenVinoTokenizer tokenizer;
  private final long[] eosIds;
  private final int contextLength;
  private int vocabSize;
  private final boolean hasPositionIds;
  private final boolean hasBeamIdx;
  private final String logitsName;
  private final int logitsIndex;
  private final String chatTemplateSource;
  private final Set<OpenVinoChat> chats = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private KvSession defaultSession;
  private boolean closed;

  private OpenVinoLlm(Path folder, String device, ov_core_t core, ov_compiled_model_t compiled,
      OpenVinoTokenizer tokenizer, long[] eosIds, int contextLength, boolean hasPositionIds, boolean hasBeamIdx,
      String logitsName, int logitsIndex, String chatTemplateSource) {
    this.folder = folder;
    this.device = device;
    this.core = core;
    this.compiled = compiled;
    this.tokenizer = tokenizer;
    this.eosIds = eosIds;
    this.contextLength = contextLength;
    this.hasPositionIds = hasPositionIds;
    this.hasBeamIdx = hasBeamIdx;
    this.logitsName = logitsName;
    this.logitsIndex = logitsIndex;
    this.chatTemplateSource = chatTemplateSource;
  }

  /**
   * Loads a model folder on the CPU.
   *
   * @param folder the exported model folder
   * @return the loaded model
   * @throws ModelLoadException when files are missing, corrupt or not a stateful language model
   */
  public static OpenVinoLlm load(Path folder) {
    return load(folder, LoadOptions.defaults());
  }

  /**
   * Loads a model folder.
   *
   * @param folder the exported model folder
   * @param options device, compile cache and extra properties
   * @return the loaded model
   * @throws ModelLoadException when files are missing, corrupt or not a stateful language model
   * @throws DeviceNotFoundException when the device is not available on this machine
   */
  public static OpenVinoLlm load(Path folder, LoadOptions options) {
    folder = checkFolder(folder);
    Map<String, Object> config = readJson(folder.resolve("config.json"), true);
    Map<String, Object> genConfig = readJson(folder.resolve("generation_config.json"), false);

    OpenVino.load();
    ov_core_t core = new ov_core_t();
    OpenVino.check(ov_core_create(core), "ov_core_create");
    ov_model_t lm = null;
    ov_compiled_model_t compiled = null;
    OpenVinoTokenizer tokenizer = null;
    try {
      checkDevice(options.device(), Natives.availableDevices(core));
      try {
        OpenVino.check(ov_core_add_extension(core, OpenVino.utf8(OpenVino.tokenizersExtension().toString())),
            "ov_core_add_extension(openvino_tokenizers)");
      } catch (OpenVinoException e) {
        throw new ModelLoadException(folder, "cannot load the OpenVINO tokenizers extension", e);
      }
      lm = readModel(core, folder.resolve(MODEL_XML));
      List<Natives.Port> inputs = Natives.inputs(lm);
      List<String> names = new ArrayList<>();
      for (Natives.Port p : inputs) {
        names.add(p.name());
      }
      for (String required : List.of("input_ids", "attention_mask")) {
        if (!names.contains(required)) {
          throw new ModelLoadException(folder.resolve(MODEL_XML), "not a language model IR: no '" + required
              + "' input (inputs: " + names + ")", null);
        }
      }
      for (String n : names) {
        if (n.startsWith("past_key_values")) {
          throw new ModelLoadException(folder.resolve(MODEL_XML), "the KV cache is a model input ('" + n
              + "'), not model state; export the model as stateful (optimum-cli export openvino, the default)", null);
        }
      }
      List<Natives.Port> outputs = Natives.outputs(lm);
      String logits = outputs.get(0).name();
      int logitsIndex = 0;
      for (int i = 0; i < outputs.size(); i++) {
        if (outputs.get(i).name().equals("logits")) {
          logits = "logits";
          logitsIndex = i;
        }
      }
      int[] applied = new int[1];
      OpenVino.check(slm4j_ov_model_slice_last_position(lm, logits, applied), "slm4j_ov_model_slice_last_position");

      // The IR's rt_info runtime_options (KV-cache precision, dynamic quantization) are applied by
      // OpenVINO's core itself, exactly as under OpenVINO GenAI; only the caller's properties go here.
      Map<String, String> props = new LinkedHashMap<>(options.properties());
      if (options.cacheDir() != null) {
        try {
          Files.createDirectories(options.cacheDir());
        } catch (IOException e) {
          throw new ModelLoadException(options.cacheDir(), "cannot create the compile-cache folder", e);
        }
        props.put("CACHE_DIR", options.cacheDir().toAbsolutePath().toString());
      }
      try {
        compiled = Natives.compile(core, lm, options.device(), props);
      } catch (OpenVinoException e) {
        throw new ModelLoadException(folder.resolve(MODEL_XML), "compiling for " + options.device() + " failed", e);
      }
      ov_model_free(lm);
      lm = null;

      tokenizer = loadTokenizer(core, folder);
      long[] eos = eosIds(genConfig, config);
      int ctx = intValue(config.get("max_position_embeddings"), 4096);
      OpenVinoLlm llm = new OpenVinoLlm(folder, options.device(), core, compiled, tokenizer, eos, ctx,
          names.contains("position_ids"), names.contains("beam_idx"), logits, logitsIndex, chatTemplate(folder));
      llm.vocabSize = intValue(config.get("vocab_size"), 0);
      llm.defaultSession = new KvSession(llm);
      return llm;
    } catch (RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      if (compiled != null) {
        ov_compiled_model_free(compiled);
      }
      if (lm != null) {
        ov_model_free(lm);
      }
      ov_core_free(core);
      if (e instanceof OpenVinoException) {
        throw new ModelLoadException(folder, "OpenVINO failed while loading", e);
      }
      throw e;
    }
  }

  /**
   * @return the devices OpenVINO reports on this machine (e.g. {@code [CPU]}, {@code [CPU, GPU]})
   */
  public static List<String> availableDevices() {
    OpenVino.load();
    ov_core_t core = new ov_core_t();
    OpenVino.check(ov_core_create(core), "ov_core_create");
    try {
      return Natives.availableDevices(core);
    } finally {
      ov_core_free(core);
    }
  }

  private static Path checkFolder(Path folder) {
    if (folder == null) {
      throw new NullPointerException("folder");
    }
    folder = folder.toAbsolutePath();
    if (!Files.isDirectory(folder)) {
      throw new ModelLoadException(folder, Files.exists(folder) ? "not a folder" : "no such folder", null);
    }
    for (String xml : List.of(MODEL_XML, TOKENIZER_XML, DETOKENIZER_XML)) {
      Path x = folder.resolve(xml);
      Path bin = folder.resolve(xml.replace(".xml", ".bin"));
      if (!Files.isRegularFile(x)) {
        throw new ModelLoadException(x, "missing; an OpenVINO LLM folder needs " + MODEL_XML + ", "
            + TOKENIZER_XML + " and " + DETOKENIZER_XML + " with their .bin files", null);
      }
      if (!Files.isRegularFile(bin)) {
        throw new ModelLoadException(bin, "missing (weights of " + xml + ")", null);
      }
    }
    return folder;
  }

  private static ov_model_t readModel(ov_core_t core, Path xml) {
    ov_model_t model = new ov_model_t();
    try {
      OpenVino.check(ov_core_read_model(core, OpenVino.utf8(xml.toString()),
          OpenVino.utf8(xml.resolveSibling(xml.getFileName().toString().replace(".xml", ".bin")).toString()), model),
          "ov_core_read_model");
    } catch (OpenVinoException e) {
      throw new ModelLoadException(xml, "OpenVINO cannot read this IR", e);
    }
    return model;
  }

  private static OpenVinoTokenizer loadTokenizer(ov_core_t core, Path folder) {
    ov_model_t tok = readModel(core, folder.resolve(TOKENIZER_XML));
    ov_compiled_model_t tokCompiled = null;
    try {
      String idsOutput = null;
      for (Natives.Port p : Natives.outputs(tok)) {
        if (p.name().equals("input_ids")) {
          idsOutput = p.name();
        }
      }
      if (idsOutput == null) {
        throw new ModelLoadException(folder.resolve(TOKENIZER_XML), "no 'input_ids' output", null);
      }
      tokCompiled = Natives.compile(core, tok, "CPU", Map.of());
    } catch (OpenVinoException e) {
      throw new ModelLoadException(folder.resolve(TOKENIZER_XML), "the tokenizer IR does not compile", e);
    } finally {
      ov_model_free(tok);
    }
    ov_model_t detok = readModel(core, folder.resolve(DETOKENIZER_XML));
    try {
      int type = Natives.inputs(detok).get(0).elementType();
      if (type != I64 && type != I32) {
        throw new ModelLoadException(folder.resolve(DETOKENIZER_XML), "first input is not i32/i64 token ids", null);
      }
      ov_compiled_model_t detokCompiled = Natives.compile(core, detok, "CPU", Map.of());
      String idsOutput = "input_ids";
      return new OpenVinoTokenizer(tokCompiled, idsOutput, detokCompiled, type);
    } catch (OpenVinoException e) {
      ov_compiled_model_free(tokCompiled);
      throw new ModelLoadException(folder.resolve(DETOKENIZER_XML), "the detokenizer IR does not compile", e);
    } catch (RuntimeException e) {
      ov_compiled_model_free(tokCompiled);
      throw e;
    } finally {
      ov_model_free(detok);
    }
  }

  static void checkDevice(String device, List<String> available) {
    String name = device;
    int colon = device.indexOf(':');
    String head = colon >= 0 ? device.substring(0, colon) : device;
    if (META_DEVICES.contains(head)) {
      if (colon >= 0) {
        for (String candidate : device.substring(colon + 1).split(",")) {
          String c = candidate.replaceAll("\\(.*\\)", "").strip();
          if (!c.isEmpty()) {
            checkDevice(c, available);
          }
        }
      }
      return;
    }
    String base = baseName(name);
    for (String a : available) {
      // "GPU" matches "GPU.0"/"GPU.1" (several GPUs), "GPU.0" matches a lone "GPU".
      if (a.equals(name) || (name.equals(base) && baseName(a).equals(base))
          || (a.equals(base) && name.equals(base + ".0"))) {
        return;
      }
    }
    throw new DeviceNotFoundException(device, available);
  }

  private static String baseName(String device) {
    int dot = device.indexOf('.');
    return dot >= 0 ? device.substring(0, dot) : device;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readJson(Path file, boolean required) {
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw new ModelLoadException(file, "missing", null);
      }
      return Map.of();
    }
    try {
      Object v = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!(v instanceof Map)) {
        throw new ModelLoadException(file, "not a JSON object", null);
      }
      return (Map<String, Object>) v;
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelLoadException(file, "unreadable: " + e.getMessage(), e);
    }
  }

  private static long[] eosIds(Map<String, Object> gen, Map<String, Object> config) {
    Object v = gen.containsKey("eos_token_id") ? gen.get("eos_token_id") : config.get("eos_token_id");
    if (v instanceof Number) {
      return new long[] {((Number) v).longValue()};
    }
    if (v instanceof List) {
      List<?> l = (List<?>) v;
      long[] out = new long[l.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) l.get(i)).longValue();
      }
      return out;
    }
    return new long[0];
  }

  private static int intValue(Object v, int fallback) {
    return v instanceof Number ? (int) Math.min(Integer.MAX_VALUE, ((Number) v).longValue()) : fallback;
  }

  private static final Pattern RT_CHAT_TEMPLATE = Pattern.compile("<chat_template\\s+value=\"([^\"]*)\"");

  /** The model's Jinja chat template: tokenizer_config.json, else the tokenizer IR's rt_info. */
  private static String chatTemplate(Path folder) {
    Path tc = folder.resolve("tokenizer_config.json");
    if (Files.isRegularFile(tc)) {
      try {
        Object v = Json.parse(Files.readString(tc, StandardCharsets.UTF_8));
        if (v instanceof Map && ((Map<?, ?>) v).get("chat_template") instanceof String) {
          return (String) ((Map<?, ?>) v).get("chat_template");
        }
      } catch (IOException | IllegalArgumentException e) {
        // Optional file: fall through to the rt_info of the tokenizer IR.
      }
    }
    try {
      String xml = Files.readString(folder.resolve(TOKENIZER_XML), StandardCharsets.UTF_8);
      Matcher m = RT_CHAT_TEMPLATE.matcher(xml);
      if (m.find()) {
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
            .replace("&apos;", "'").replace("&#10;", "\n").replace("&amp;", "&");
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  // ------------------------------------------------------------------ package-private accessors

  ov_compiled_model_t compiledModel() {
    return compiled;
  }

  boolean hasPositionIds() {
    return hasPositionIds;
  }

  boolean hasBeamIdx() {
    return hasBeamIdx;
  }

  String logitsName() {
    return logitsName;
  }

  int logitsIndex() {
    return logitsIndex;
  }

  // ------------------------------------------------------------------ public API

  /** @return the model folder */
  public Path folder() {
    return folder;
  }

  /** @return the device the language model was compiled for */
  public String device() {
    return device;
  }

  /** @return the maximum number of tokens (prompt plus generated) the model takes */
  public int contextLength() {
    return contextLength;
  }

  /** @return the end-of-sequence token ids from generation_config.json / config.json */
  public long[] eosTokenIds() {
    return eosIds.clone();
  }

  /** @return the tokenizer of this model (owned by it) */
  public OpenVinoTokenizer tokenizer() {
    ensureOpen();
    return tokenizer;
  }

  /** @return the model's Jinja chat template source, or {@code null} when it has none */
  public String chatTemplateSource() {
    return chatTemplateSource;
  }

  /**
   * Generates a continuation of a raw prompt (no chat template). The KV state starts empty.
   *
   * @param prompt the prompt text
   * @param options length and sampling
   * @return the generated text and statistics
   * @throws IllegalStateException after {@link #close()}
   * @throws GenerationException when inference fails
   */
  public GenerationResult generate(String prompt, GenerationOptions options) {
    return generate(prompt, options, null);
  }

  /**
   * Generates a continuation of a raw prompt, streaming the text.
   *
   * @param prompt the prompt text
   * @param options length and sampling
   * @param streamer receives UTF-8-safe text chunks, or {@code null}
   * @return the generated text and statistics
   * @throws IllegalStateException after {@link #close()}
   * @throws GenerationException when inference fails
   */
  public synchronized GenerationResult generate(String prompt, GenerationOptions options, TextStreamer streamer) {
    ensureOpen();
    long t0 = System.nanoTime();
    long[] ids = tokenizer.encode(prompt);
    defaultSession.reset();
    return run(defaultSession, ids, options, streamer, t0);
  }

  /**
   * Generates from prompt token ids (no tokenization), starting from an empty KV state.
   *
   * @param promptIds the prompt tokens
   * @param options length and sampling
   * @param streamer receives UTF-8-safe text chunks, or {@code null}
   * @return the generated tokens, text and statistics
   */
  public synchronized GenerationResult generate(long[] promptIds, GenerationOptions options, TextStreamer streamer) {
    ensureOpen();
    defaultSession.reset();
    return run(defaultSession, promptIds.clone(), options, streamer, System.nanoTime());
  }

  /**
   * Opens a chat that keeps its KV state between turns. The template is detected from the model's
   * chat template (ChatML, Llama 3).
   *
   * @return a new chat; close it when done (closing the model also closes it)
   * @throws UnsupportedOperationException when the model's template is not recognised; use
   *     {@link #chat(ChatTemplate)}
   */
  public OpenVinoChat chat() {
    ChatTemplate t = ChatTemplate.detect(chatTemplateSource);
    if (t == null) {
      throw new UnsupportedOperationException("no built-in chat template matches this model's chat_template; "
          + "pass a ChatTemplate to chat(ChatTemplate)");
    }
    return chat(t);
  }

  /**
   * @param template how to render the conversation
   * @return a new chat with its own KV state
   */
  public synchronized OpenVinoChat chat(ChatTemplate template) {
    ensureOpen();
    OpenVinoChat c = new OpenVinoChat(this, new KvSession(this), template);
    chats.add(c);
    return c;
  }

  void forget(OpenVinoChat chat) {
    chats.remove(chat);
  }

  /** The generation loop shared by generate() and chats. */
  GenerationResult run(KvSession session, long[] prompt, GenerationOptions options, TextStreamer streamer, long t0) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("the prompt has no tokens");
    }
    for (long id : prompt) {
      if (id < 0 || (vocabSize > 0 && id >= vocabSize)) {
        throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocabSize + ")");
      }
    }
    if (prompt.length >= contextLength) {
      throw new GenerationException("prompt of " + prompt.length + " tokens does not fit the context length "
          + contextLength, null);
    }
    Sampler sampler = new Sampler(options);
    Utf8Stream stream = streamer == null ? null : new Utf8Stream(tokenizer);
    int reused = session.prefill(prompt);
    long[] out = new long[Math.min(options.maxNewTokens(), 1024)];
    int n = 0;
    FinishReason reason = FinishReason.MAX_TOKENS;
    long tFirst = 0;
    int steps = 0;
    while (true) {
      int token = options.isGreedy() ? session.greedyToken() : sampler.next(session.logits());
      if (n == 0) {
        tFirst = System.nanoTime();
      }
      if (!options.ignoreEos() && isEos(token)) {
        reason = FinishReason.EOS;
        break;
      }
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = token;
      if (stream != null) {
        String chunk = stream.push(token);
        if (chunk != null && !streamer.onText(chunk)) {
          reason = FinishReason.STOPPED;
          break;
        }
      }
      if (n >= options.maxNewTokens()) {
        reason = FinishReason.MAX_TOKENS;
        break;
      }
      if (session.length() + 1 > contextLength) {
        reason = FinishReason.CONTEXT_FULL;
        break;
      }
      session.step(token);
      steps++;
    }
    long tEnd = System.nanoTime();
    if (stream != null && reason != FinishReason.STOPPED) {
      String rest = stream.flush();
      if (rest != null) {
        streamer.onText(rest);
      }
    }
    long[] ids = java.util.Arrays.copyOf(out, n);
    String text = tokenizer.decode(ids);
    return new GenerationResult(text, ids, prompt.length, reused, reason, tFirst - t0,
        steps == 0 ? 0 : tEnd - tFirst, steps);
  }

  private boolean isEos(long token) {
    for (long e : eosIds) {
      if (e == token) {
        return true;
      }
    }
    return false;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("OpenVinoLlm is closed (" + folder + ")");
    }
  }

  /** Frees the chats, the tokenizer, the compiled model and the OpenVINO core. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (OpenVinoChat c : new ArrayList<>(chats)) {
      c.close();
    }
    defaultSession.close();
    tokenizer.close();
    ov_compiled_model_free(compiled);
    ov_core_free(core);
  }
}
