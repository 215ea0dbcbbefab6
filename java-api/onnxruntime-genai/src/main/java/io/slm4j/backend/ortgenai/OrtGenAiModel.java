package io.slm4j.backend.ortgenai;

import io.slm4j.spi.Json;
import io.slm4j.Device;
import io.slm4j.GenerationException;
import io.slm4j.ModelInfo;
import io.slm4j.ModelLoadException;
import io.slm4j.ModelNotFoundException;
import io.slm4j.UnsupportedModelException;
import io.slm4j.spi.BackendModel;
import io.slm4j.spi.ChatTemplates;
import io.slm4j.spi.HfFolder;
import io.slm4j.spi.PlainText;
import io.slm4j.spi.TokenizerInfo;
import io.slm4j.spi.BackendSession;
import io.slm4j.spi.LoadOptions;
import io.slm4j.spi.TokenDecoder;
import io.slm4j.ortgenai.OgaConfig;
import io.slm4j.ortgenai.OgaModel;
import io.slm4j.ortgenai.OgaSequences;
import io.slm4j.ortgenai.OgaTokenizer;
import io.slm4j.ortgenai.OgaTokenizerStream;
import io.slm4j.ortgenai.OrtGenAi;
import io.slm4j.ortgenai.OrtGenAiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;

import static io.slm4j.ortgenai.OrtGenAi.check;
import static io.slm4j.ortgenai.global.ortgenai.*;

/** A GenAI model and its tokenizer. Thread-safe for what slm4j calls concurrently (encode, decode, new generators). */
final class OrtGenAiModel implements BackendModel {
  final OgaModel model;
  final OgaTokenizer tokenizer;
  final int contextSize;
  private final int vocabSize;
  private final Device device;
  private final ModelInfo info;
  private final Set<Integer> eos = new HashSet<>();
  /** Special (control) tokens from tokenizer.json: left out of decoded text, as llama.cpp does. */
  private final Set<Integer> special;
  private final int bos;
  /** Whether GenAI's encoder puts the BOS token in front of every text (tokenizer configuration). */
  private final boolean encoderAddsBos;

  private final HfFolder folder;
  private final Map<String, String> templates;
  private final TokenizerInfo tokenizerInfo;

  private OrtGenAiModel(OgaModel model, OgaTokenizer tokenizer, Object config, Device device, LoadOptions options,
      HfFolder folder, Set<Integer> special) {
    this.model = model;
    this.special = special;
    this.folder = folder;
    this.templates = ChatTemplates.orOverride(folder.chatTemplates(), options);
    String template = templates.get("default");
    this.tokenizer = tokenizer;
    this.device = device;
    int trained = ((Number) Json.at(config, "model", "context_length")).intValue();
    this.vocabSize = ((Number) Json.at(config, "model", "vocab_size")).intValue();
    this.contextSize = options.contextSize() > 0 ? Math.min(options.contextSize(), trained) : Math.min(trained, 4096);
    try (SizeTPointer count = new SizeTPointer(1)) {
      IntPointer ids = new IntPointer();
      check("OgaTokenizerGetEosTokenIds", OgaTokenizerGetEosTokenIds(tokenizer, ids, count));
      for (long i = 0; i < count.get(); i++) {
        eos.add(ids.get(i));
      }
    }
    int[] b = {-1};
    check("OgaTokenizerGetBosTokenId", OgaTokenizerGetBosTokenId(tokenizer, b));
    this.bos = b[0];
    int[] probe = encode("a");
    this.encoderAddsBos = bos >= 0 && probe.length > 1 && probe[0] == bos;
    eos.addAll(folder.eosIds());
    String bosText = folder.bosToken();
    this.tokenizerInfo = new TokenizerInfo(bosText, bos, folder.eosToken(), folder.id(folder.eosToken()),
        folder.addBos() != null ? folder.addBos() && bos >= 0 : encoderAddsBos, folder.specialTokens(), eos);
    Object type = Json.at(config, "model", "type");
    this.info = new ModelInfo(String.valueOf(type), -1, quantization(config), trained, template, OrtGenAiBackend.ID,
        device);
  }

  /** Checks the folder in Java so that what GenAI would fail on (or crash on, in older releases) is a typed exception. */
  static Object validate(Path folder) {
    if (!Files.exists(folder)) {
      throw new ModelNotFoundException("model folder not found: " + folder);
    }
    Path cfg = folder.resolve("genai_config.json");
    if (!Files.isRegularFile(cfg)) {
      throw new UnsupportedModelException("not an ONNX Runtime GenAI folder (no genai_config.json): " + folder);
    }
    Object config;
    try {
      config = Json.parse(Files.readString(cfg, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelLoadException("cannot read " + cfg + ": " + e.getMessage(), e);
    }
    for (String[] key : new String[][] {{"model", "type"}, {"model", "context_length"}, {"model", "vocab_size"},
        {"model", "decoder", "filename"}, {"model", "decoder", "head_size"}, {"model", "decoder", "num_key_value_heads"},
        {"model", "decoder", "num_hidden_layers"}}) {
      Object v = Json.at(config, key);
      boolean ok = key[key.length - 1].equals("filename") || key[key.length - 1].equals("type")
          ? v instanceof String s && !s.isEmpty() : v instanceof Number n && n.doubleValue() > 0;
      if (!ok) {
        throw new ModelLoadException(cfg + ": " + String.join(".", key) + " is missing or invalid (" + v + ")");
      }
    }
    Path onnx = folder.resolve((String) Json.at(config, "model", "decoder", "filename"));
    if (!Files.isRegularFile(onnx)) {
      throw new ModelLoadException("the decoder " + onnx + " named in genai_config.json is missing");
    }
    if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
      throw new ModelLoadException("tokenizer.json is missing in " + folder);
    }
    return config;
  }

  static OrtGenAiModel open(Path folder, LoadOptions options) {
    Object config = validate(folder);
    if (options.progress() != null && !options.progress().onProgress(0f)) {
      throw new ModelLoadException("model load cancelled by the progress listener: " + folder);
    }
    OgaConfig cfg = new OgaConfig();
    OgaModel model = new OgaModel();
    OgaTokenizer tokenizer = new OgaTokenizer();
    try (BytePointer path = OrtGenAi.utf8(folder.toAbsolutePath().toString())) {
      check("OgaCreateConfig", OgaCreateConfig(path, cfg));
      Device device = options.device() == Device.CUDA ? Device.CUDA : Device.CPU;
      if (options.device() == Device.CPU || options.device() == Device.CUDA) {
        check("OgaConfigClearProviders", OgaConfigClearProviders(cfg));
        if (device == Device.CUDA) {
          try (BytePointer cuda = OrtGenAi.utf8("cuda")) {
            check("OgaConfigAppendProvider", OgaConfigAppendProvider(cfg, cuda));
          }
        }
      }
      if (options.threads() > 0) {
        try (BytePointer overlay = OrtGenAi.utf8("{\"model\":{\"decoder\":{\"session_options\":{\"intra_op_num_threads\":"
            + options.threads() + "}}}}")) {
          check("OgaConfigOverlay", OgaConfigOverlay(cfg, overlay));
        }
      }
      check("OgaCreateModelFromConfig", OgaCreateModelFromConfig(cfg, model));
      check("OgaCreateTokenizer", OgaCreateTokenizer(model, tokenizer));
      BytePointer type = new BytePointer();
      check("OgaModelGetDeviceType", OgaModelGetDeviceType(model, type));
      String dt = OrtGenAi.borrowedString(type);
      if (dt != null && dt.toUpperCase(Locale.ROOT).contains("CUDA")) {
        device = Device.CUDA;
      }
      OrtGenAiModel m = new OrtGenAiModel(model, tokenizer, config, device, options, HfFolder.read(folder),
          specialTokens(folder));
      if (options.progress() != null) {
        options.progress().onProgress(1f);
      }
      return m;
    } catch (OrtGenAiException e) {
      if (!tokenizer.isNull()) {
        OgaDestroyTokenizer(tokenizer);
      }
      if (!model.isNull()) {
        OgaDestroyModel(model);
      }
      throw new ModelLoadException("ONNX Runtime GenAI could not load " + folder + ": " + e.getMessage(), e);
    } finally {
      if (!cfg.isNull()) {
        OgaDestroyConfig(cfg);
      }
    }
  }

  private static Object readJson(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.parse(Files.readString(file, StandardCharsets.UTF_8)) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null; // only the chat template is read from it; its absence is reported when a chat starts
    }
  }

  private static Set<Integer> specialTokens(Path folder) {
    Set<Integer> ids = new HashSet<>();
    if (Json.at(readJson(folder.resolve("tokenizer.json")), "added_tokens") instanceof List<?> added) {
      for (Object t : added) {
        if (Json.at(t, "special") == Boolean.TRUE && Json.at(t, "id") instanceof Number n) {
          ids.add(n.intValue());
        }
      }
    }
    return ids;
  }

  private static String quantization(Object config) {
    Object dtype = Json.at(config, "model", "decoder", "session_options", "dtype");
    return dtype instanceof String s ? s : "unknown";
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
    return PlainText.bosAsAsked(encode(text), bos, encoderAddsBos, addBos, tokenizerInfo.addBos());
  }

  @Override
  public TokenizerInfo tokenizerInfo() {
    return tokenizerInfo;
  }

  @Override
  public Map<String, String> chatTemplates() {
    return templates;
  }

  private int[] encode(String text) {
    OgaSequences seqs = new OgaSequences();
    check("OgaCreateSequences", OgaCreateSequences(seqs));
    try (BytePointer t = OrtGenAi.utf8(text)) {
      check("OgaTokenizerEncode", OgaTokenizerEncode(tokenizer, t, seqs));
      int n = (int) OgaSequencesGetSequenceCount(seqs, 0);
      int[] ids = new int[n];
      if (n > 0) {
        OgaSequencesGetSequenceData(seqs, 0).get(ids);
      }
      return ids;
    } catch (OrtGenAiException e) {
      throw new GenerationException("tokenization failed: " + e.getMessage(), e);
    } finally {
      OgaDestroySequences(seqs);
    }
  }

  @Override
  public String detokenize(int[] all) {
    int[] ids = java.util.Arrays.stream(all).filter(id -> !special.contains(id)).toArray();
    BytePointer out = new BytePointer();
    try (IntPointer p = new IntPointer(Math.max(1, ids.length))) {
      p.put(ids);
      check("OgaTokenizerDecode", OgaTokenizerDecode(tokenizer, p, ids.length, out));
    }
    return OrtGenAi.ownedString(out);
  }

  @Override
  public TokenDecoder newDecoder() {
    OgaTokenizerStream stream = new OgaTokenizerStream();
    check("OgaCreateTokenizerStream", OgaCreateTokenizerStream(tokenizer, stream));
    return new TokenDecoder() {
      private final BytePointer out = new BytePointer();

      @Override
      public byte[] next(int id) {
        if (special.contains(id)) {
          return new byte[0];
        }
        check("OgaTokenizerStreamDecode", OgaTokenizerStreamDecode(stream, id, out));
        if (out.isNull()) {
          return new byte[0];
        }
        // Borrowed NUL-terminated bytes: the stream only hands out whole characters.
        return out.getStringBytes();
      }

      @Override
      public void close() {
        OgaDestroyTokenizerStream(stream);
      }
    };
  }

  @Override
  public boolean isEndOfGeneration(int id) {
    return eos.contains(id);
  }

  @Override
  public BackendSession newSession() {
    return new OrtGenAiSession(this);
  }

  @Override
  public void close() {
    OgaDestroyTokenizer(tokenizer);
    OgaDestroyModel(model);
  }
}
