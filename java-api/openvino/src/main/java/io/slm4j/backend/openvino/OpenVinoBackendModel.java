package io.slm4j.backend.openvino;

import io.slm4j.spi.Json;
import io.slm4j.Device;
import io.slm4j.ModelInfo;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.ChatTemplates;
import io.slm4j.spi.HfFolder;
import io.slm4j.spi.PlainText;
import io.slm4j.spi.TokenizerInfo;
import io.slm4j.spi.BackendSession;
import io.slm4j.spi.LoadOptions;
import io.slm4j.spi.TokenDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Map;

/** An {@link OpenVinoLlm} behind the slm4j SPI: its tokenizer, chat template and one KV session per slm4j session. */
final class OpenVinoBackendModel implements BackendModel {
  final OpenVinoLlm llm;
  private final int contextSize;
  private final Device device;
  private final ModelInfo info;
  private final long[] eos;
  private final int vocabSize;
  private final Map<String, String> templates;
  private final TokenizerInfo tokenizerInfo;
  private final int bos;
  /** Whether the tokenizer IR puts the BOS in front of every text (as it was exported). */
  private final boolean encoderAddsBos;

  private OpenVinoBackendModel(OpenVinoLlm llm, Device device, int contextSize, Map<?, ?> config, HfFolder folder,
      LoadOptions options) {
    this.llm = llm;
    this.templates = ChatTemplates.orOverride(folder.chatTemplates(), options);
    this.vocabSize = config.get("vocab_size") instanceof Number n ? n.intValue() : -1;
    Object arch = config.get("model_type");
    String architecture = arch == null ? "unknown" : arch.toString();
    this.device = device;
    this.contextSize = contextSize;
    Set<Integer> eosIds = new LinkedHashSet<>(folder.eosIds());
    for (long e : llm.eosTokenIds()) {
      eosIds.add(Math.toIntExact(e));
    }
    this.eos = eosIds.stream().mapToLong(Integer::longValue).toArray();
    this.bos = folder.id(folder.bosToken());
    long[] probe = llm.tokenizer().encode("a");
    this.encoderAddsBos = bos >= 0 && probe.length > 1 && probe[0] == bos;
    this.tokenizerInfo = new TokenizerInfo(folder.bosToken(), bos, folder.eosToken(), folder.id(folder.eosToken()),
        folder.addBos() != null ? folder.addBos() && bos >= 0 : encoderAddsBos, folder.specialTokens(), eosIds);
    this.info = new ModelInfo(architecture, -1, "unknown", llm.contextLength(), templates.get("default"),
        OpenVinoBackend.ID, device);
  }

  static OpenVinoBackendModel open(Path folder, LoadOptions options) {
    Device device = options.device() == Device.AUTO ? Device.CPU : options.device();
    String ovDevice = switch (device) {
      case CPU -> "CPU";
      case NPU -> "NPU";
      case GPU -> "GPU";
      default -> throw new io.slm4j.BackendUnavailableException("OpenVINO has no device " + device
          + " (it runs on CPU, GPU and NPU)");
    };
    io.slm4j.backend.openvino.LoadOptions.Builder b = io.slm4j.backend.openvino.LoadOptions.builder().device(ovDevice);
    // Exact (Slm.load(...).exact(true)): F32 inference; the CPU plugin would otherwise pick bf16 on
    // CPUs that have it, and greedy ids would differ from the other runtimes (tools/fixtures/README.md).
    // By default the plugin's own (fast) precision rules apply.
    if (Boolean.parseBoolean(options.backendOptions().get(ChatTemplates.EXACT))) {
      b.property("INFERENCE_PRECISION_HINT", "f32");
    }
    if (options.threads() > 0) {
      b.property("INFERENCE_NUM_THREADS", Integer.toString(options.threads()));
    }
    for (Map.Entry<String, String> e : options.backendOptions().entrySet()) {
      if (e.getKey().startsWith("openvino.")) {
        b.property(e.getKey().substring("openvino.".length()), e.getValue());
      }
    }
    if (options.progress() != null && !options.progress().onProgress(0f)) {
      throw new io.slm4j.ModelLoadException("model load cancelled by the progress listener: " + folder);
    }
    OpenVinoLlm llm;
    try {
      llm = OpenVinoLlm.load(folder, b.build());
    } catch (DeviceNotFoundException e) {
      throw new io.slm4j.BackendUnavailableException(e.getMessage(), e);
    } catch (OpenVinoLlmException e) {
      throw new io.slm4j.ModelLoadException(e.getMessage(), e);
    }
    int ctx = options.contextSize() > 0 ? Math.min(options.contextSize(), llm.contextLength())
        : Math.min(llm.contextLength(), 4096);
    Map<?, ?> config = config(folder);
    if (!(config.get("vocab_size") instanceof Number)) {
      llm.close();
      throw new io.slm4j.ModelLoadException("config.json in " + folder + " has no vocab_size");
    }
    OpenVinoBackendModel m = new OpenVinoBackendModel(llm, device, ctx, config, HfFolder.read(folder), options);
    if (options.progress() != null) {
      options.progress().onProgress(1f);
    }
    return m;
  }

  private static Map<?, ?> config(Path folder) {
    try {
      return Json.parse(Files.readString(folder.resolve("config.json"), StandardCharsets.UTF_8)) instanceof Map<?, ?> m
          ? m : Map.of();
    } catch (IOException | RuntimeException e) {
      return Map.of(); // OpenVinoLlm.load already required a readable config.json
    }
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
    return vocabSize;
  }

  @Override
  public int[] tokenize(String text, boolean addBos, boolean parseSpecial) {
    if (!parseSpecial) {
      return PlainText.bosAsAsked(PlainText.tokenize(this, text), bos, false, addBos, tokenizerInfo.addBos());
    }
    long[] ids = llm.tokenizer().encode(text);
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return PlainText.bosAsAsked(out, bos, encoderAddsBos, addBos, tokenizerInfo.addBos());
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
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return llm.tokenizer().decode(l);
  }

  @Override
  public TokenDecoder newDecoder() {
    long[] one = new long[1];
    return id -> {
      one[0] = id;
      return llm.tokenizer().decodeBytes(one, 0, 1);
    };
  }

  @Override
  public boolean isEndOfGeneration(int id) {
    for (long e : eos) {
      if (e == id) {
        return true;
      }
    }
    return false;
  }

  @Override
  public BackendSession newSession() {
    return new OpenVinoBackendSession(this);
  }

  @Override
  public void close() {
    llm.close();
  }
}
