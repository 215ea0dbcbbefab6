package io.slm4j.backend.llama;

import io.slm4j.Device;
import io.slm4j.DeviceInfo;
import io.slm4j.ModelLoadException;
import io.slm4j.ModelInfo;
import io.slm4j.ModelNotFoundException;
import io.slm4j.UnsupportedModelException;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.ChatTemplates;
import io.slm4j.spi.TokenizerInfo;
import io.slm4j.spi.BackendSession;
import io.slm4j.spi.LoadOptions;
import io.slm4j.spi.TokenDecoder;
import io.slm4j.llama.LlamaException;
import io.slm4j.llama.LlamaModels;
import io.slm4j.llama.LlamaText;
import io.slm4j.llama.llama_model;
import io.slm4j.llama.llama_model_params;
import io.slm4j.llama.llama_vocab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;

import static io.slm4j.llama.global.llama.*;

/** A GGUF model in llama.cpp. Thread-safe: llama.cpp models are read-only; each session has its own context. */
final class LlamaBackendModel implements BackendModel {
  final llama_model model;
  final llama_vocab vocab;
  final int contextSize;
  final int threads;
  /** F32 models get an F32 KV cache and no flash attention: results then match the other runtimes bit for bit in argmax. */
  final boolean exact;
  private final Device device;
  private final ModelInfo info;
  private final String template;
  private final Map<String, String> templates;
  private final TokenizerInfo tokenizerInfo;
  private final int nVocab;

  private LlamaBackendModel(llama_model model, Device device, LoadOptions options) {
    this.model = model;
    this.vocab = llama_model_get_vocab(model);
    this.device = device;
    this.nVocab = llama_vocab_n_tokens(vocab);
    int trained = llama_model_n_ctx_train(model);
    this.contextSize = options.contextSize() > 0 ? options.contextSize() : Math.min(trained, 4096);
    this.threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
    // Exact only on request (Slm.load(...).exact(true)): llama.cpp's own defaults are the fast ones.
    String exactOption = options.backendOptions().getOrDefault(io.slm4j.spi.ChatTemplates.EXACT,
        options.backendOptions().get("llama-cpp.exact"));
    this.exact = Boolean.parseBoolean(exactOption);
    this.templates = ChatTemplates.orOverride(templates(model), options);
    this.template = templates.get("default");
    this.tokenizerInfo = readTokenizerInfo();
    String arch = meta("general.architecture");
    this.info = new ModelInfo(arch == null ? "unknown" : arch, llama_model_n_params(model), quantization(),
        trained, template, LlamaBackend.ID, device);
  }

  static LlamaBackendModel open(Path path, LoadOptions options, List<DeviceInfo> devices) {
    if (!Files.exists(path)) {
      throw new ModelNotFoundException("model file not found: " + path);
    }
    try {
      LlamaModels.checkGguf(path);
    } catch (LlamaException e) {
      throw new UnsupportedModelException(e.getMessage(), e);
    }
    Device device = Device.CPU;
    if (options.device() != Device.CPU && options.gpuLayers() != 0) {
      for (DeviceInfo d : devices) {
        if (d.device() != Device.CPU && (options.device() == Device.AUTO || options.device() == d.device())) {
          device = d.device();
          break;
        }
      }
    }
    llama_model_params params = llama_model_default_params();
    params.n_gpu_layers(device == Device.CPU ? 0 : options.gpuLayers() < 0 ? 999 : options.gpuLayers());
    // llama-cpp.vocab_only=true: the tokenizer and chat metadata alone (vocabulary GGUFs, prompt tools);
    // such a model tokenizes and renders prompts but cannot open sessions.
    params.vocab_only(Boolean.parseBoolean(options.backendOptions().get("llama-cpp.vocab_only")));
    llama_model model;
    try {
      model = LlamaModels.load(path, params, options.progress() == null ? null : options.progress()::onProgress);
    } catch (LlamaException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    return new LlamaBackendModel(model, device, options);
  }

  /** GGUF's tokenizer.chat_template and its named variants (tokenizer.chat_template.tool_use ...). */
  private static Map<String, String> templates(llama_model model) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : new String[] {null, "tool_use", "rag"}) {
      BytePointer t = llama_model_chat_template(model, name == null ? null : new BytePointer(name));
      if (t != null && !t.isNull()) {
        out.put(name == null ? "default" : name, t.getString(StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Control tokens are what llama.cpp's special parsing matches in template text (and what content must not forge). */
  private TokenizerInfo readTokenizerInfo() {
    Map<String, Integer> special = new HashMap<>();
    Set<Integer> eog = new HashSet<>();
    for (int id = 0; id < nVocab; id++) {
      if ((llama_vocab_get_attr(vocab, id) & LLAMA_TOKEN_ATTR_CONTROL) != 0) {
        special.putIfAbsent(text(id), id);
      }
      if (llama_vocab_is_eog(vocab, id)) {
        eog.add(id);
      }
    }
    int bos = llama_vocab_bos(vocab);
    int eos = llama_vocab_eos(vocab);
    return new TokenizerInfo(bos < 0 ? null : text(bos), bos, eos < 0 ? null : text(eos), eos,
        bos >= 0 && llama_vocab_get_add_bos(vocab), special, eog);
  }

  private String text(int id) {
    BytePointer p = llama_vocab_get_text(vocab, id);
    return p == null || p.isNull() ? "" : p.getString(StandardCharsets.UTF_8);
  }

  private String meta(String key) {
    byte[] buf = new byte[128];
    int n = llama_model_meta_val_str(model, key, buf, buf.length);
    return n < 0 ? null : new String(buf, 0, Math.min(n, buf.length - 1), StandardCharsets.UTF_8);
  }

  private String quantization() {
    byte[] buf = new byte[256];
    int n = llama_model_desc(model, buf, buf.length);
    String desc = n <= 0 ? "" : new String(buf, 0, Math.min(n, buf.length - 1), StandardCharsets.UTF_8);
    // "<arch> <size> <type>", for example "qwen2 ?B all F32": the type is what follows the size.
    int first = desc.indexOf(' ');
    int second = first < 0 ? -1 : desc.indexOf(' ', first + 1);
    return second < 0 ? "unknown" : desc.substring(second + 1).replace("all ", "").trim();
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public int contextSize() {
    return contextSize;
  }

  @Override
  public int vocabularySize() {
    return nVocab;
  }

  @Override
  public int[] tokenize(String text, boolean addBos, boolean parseSpecial) {
    return LlamaText.tokenize(vocab, text, addBos, parseSpecial);
  }

  @Override
  public TokenizerInfo tokenizerInfo() {
    return tokenizerInfo;
  }

  @Override
  public Map<String, String> chatTemplates() {
    return templates;
  }

  @Override
  public String detokenize(int[] ids) {
    return LlamaText.detokenize(vocab, ids, false, false);
  }

  @Override
  public TokenDecoder newDecoder() {
    return id -> LlamaText.piece(vocab, id, false);
  }

  @Override
  public boolean isEndOfGeneration(int id) {
    return llama_vocab_is_eog(vocab, id);
  }

  @Override
  public BackendSession newSession() {
    return new LlamaSession(this);
  }

  @Override
  public void close() {
    llama_model_free(model);
  }
}
