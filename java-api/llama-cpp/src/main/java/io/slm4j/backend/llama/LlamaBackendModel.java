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
import io.slm4j.llama.LlamaLog;
import io.slm4j.llama.llama_batch;
import io.slm4j.llama.llama_context;
import io.slm4j.llama.llama_context_params;
import org.bytedeco.javacpp.IntPointer;
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

/**
 * A GGUF model in llama.cpp, with one context shared by all its sessions: each session is a sequence
 * id of that context (non-unified KV cache, so each has its own {@link #contextSize} cells and
 * attends only to them), and {@link #appendAll} evaluates the next tokens of many sequences in one
 * {@code llama_decode}, as llama-server's slots do. One thread pool serves them all.
 */
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
  private final int flashAttn;
  /** Tokens per llama_decode: llama.cpp's default batch. */
  private static final int BATCH = 512;
  private final java.util.concurrent.locks.ReentrantLock ctxLock = new java.util.concurrent.locks.ReentrantLock();
  private llama_context ctx;
  private llama_batch batch;
  private IntPointer abortFlag;
  private LlamaSession[] seqs = new LlamaSession[0];
  /** The sessions of the decode in progress, for {@link #interrupted}. */
  private volatile LlamaSession[] decoding;
  private final Object flagLock = new Object();

  private LlamaBackendModel(llama_model model, Device device, LoadOptions options) {
    this.model = model;
    this.vocab = llama_model_get_vocab(model);
    this.device = device;
    this.nVocab = llama_vocab_n_tokens(vocab);
    int trained = llama_model_n_ctx_train(model);
    this.contextSize = options.contextSize() > 0 ? options.contextSize() : Math.min(trained, 4096);
    this.threads = options.threads() > 0 ? options.threads() : LoadOptions.defaultThreads();
    // Exact only on request (Slm.load(...).exact(true)): llama.cpp's own defaults are the fast ones.
    String exactOption = options.backendOptions().getOrDefault(io.slm4j.spi.ChatTemplates.EXACT,
        options.backendOptions().get("llama-cpp.exact"));
    this.exact = exactOption != null && bool("llama-cpp.exact", exactOption);
    String fa = options.backendOptions().getOrDefault("llama-cpp.flash_attn", "auto");
    this.flashAttn = switch (fa) {
      case "on" -> LLAMA_FLASH_ATTN_TYPE_ENABLED;
      case "off" -> LLAMA_FLASH_ATTN_TYPE_DISABLED;
      case "auto" -> LLAMA_FLASH_ATTN_TYPE_AUTO;
      default -> throw new IllegalArgumentException("llama-cpp.flash_attn must be on, off or auto, got " + fa);
    };
    this.templates = ChatTemplates.orOverride(templates(model), options);
    this.template = templates.get("default");
    this.tokenizerInfo = readTokenizerInfo();
    String arch = meta("general.architecture");
    this.info = new ModelInfo(arch == null ? "unknown" : arch, llama_model_n_params(model), quantization(),
        trained, template, LlamaBackend.ID, device);
  }

  private static boolean bool(String key, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got " + value);
    }
    return Boolean.parseBoolean(value);
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
    try {
      return new LlamaBackendModel(model, device, options);
    } catch (RuntimeException e) {
      llama_model_free(model);
      throw e;
    }
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
  public long sessionBytes() {
    long heads = llama_model_n_head(model);
    long headDim = heads > 0 ? llama_model_n_embd(model) / heads : 0;
    long perToken = 2L * llama_model_n_layer(model) * llama_model_n_head_kv(model) * headDim * (exact ? 4 : 2);
    return perToken * contextSize;
  }

  @Override
  public void reserve(int sequences) {
    llama_context_params p = llama_context_default_params();
    int batchSize = Math.min(BATCH, contextSize);
    long nCtx = (long) contextSize * sequences;
    if (nCtx > Integer.MAX_VALUE) {
      throw new ModelLoadException(sequences + " sequences of " + contextSize + " tokens do not fit in one context");
    }
    abortFlag = new IntPointer(1).put(0);
    p.n_ctx((int) nCtx).n_batch(batchSize).n_ubatch(batchSize).n_seq_max(sequences).kv_unified(false)
        .n_threads(threads).n_threads_batch(threads).no_perf(true).flash_attn_type(flashAttn)
        .abort_callback(slm4j_abort_flag_callback()).abort_callback_data(abortFlag);
    if (exact) {
      p.flash_attn_type(LLAMA_FLASH_ATTN_TYPE_DISABLED).type_k(GGML_TYPE_F32).type_v(GGML_TYPE_F32);
    }
    llama_context c = llama_init_from_model(model, p);
    if (c == null || c.isNull()) {
      abortFlag.close();
      abortFlag = null;
      throw new ModelLoadException("llama.cpp could not create a context of " + sequences + " x " + contextSize
          + " tokens: " + LlamaLog.takeErrors() + " (load with a smaller contextSize or parallel)");
    }
    ctx = c;
    batch = llama_batch_init(batchSize, 0, 1);
    seqs = new LlamaSession[sequences];
  }

  @Override
  public int batchTokens() {
    return Math.min(BATCH, contextSize);
  }

  @Override
  public BackendSession newSession() {
    ctxLock.lock();
    try {
      for (int i = 0; i < seqs.length; i++) {
        if (seqs[i] == null) {
          seqs[i] = new LlamaSession(this, i);
          return seqs[i];
        }
      }
      throw new IllegalStateException("all " + seqs.length + " sequences of the context are in use");
    } finally {
      ctxLock.unlock();
    }
  }

  @Override
  public boolean[] appendAll(BackendSession[] sessions, int[][] tokens) {
    LlamaSession[] s = new LlamaSession[sessions.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = (LlamaSession) sessions[i];
    }
    boolean[] ok = new boolean[s.length];
    ctxLock.lock();
    try {
      int[] start = new int[s.length];
      int total = 0;
      for (int i = 0; i < s.length; i++) {
        start[i] = s[i].length;
        ok[i] = !s[i].interrupted && !s[i].closed;
        if (ok[i]) {
          total += tokens[i].length;
        }
      }
      int batchSize = Math.min(BATCH, contextSize);
      // Walk the sessions' tokens in order, batchSize at a time; a session's logits are wanted after its last token.
      int si = 0;
      int ti = 0;
      int done = 0;
      while (done < total) {
        int n = 0;
        int[] rowOf = new int[s.length];
        java.util.Arrays.fill(rowOf, -1);
        while (n < batchSize && done + n < total) {
          while (!ok[si] || ti == tokens[si].length) {
            si++;
            ti = 0;
          }
          batch.token().put(n, tokens[si][ti]);
          batch.pos().put(n, start[si] + ti);
          batch.n_seq_id().put(n, 1);
          batch.seq_id(n).put(0L, s[si].seq);
          boolean last = ti == tokens[si].length - 1;
          batch.logits().put(n, (byte) (last ? 1 : 0));
          if (last) {
            rowOf[si] = n;
          }
          ti++;
          n++;
        }
        batch.n_tokens(n);
        int rc = decode(s, ok);
        if (rc != 0) {
          for (int i = 0; i < s.length; i++) {
            if (ok[i]) {
              llama_memory_seq_rm(llama_get_memory(ctx), s[i].seq, start[i], -1);
              s[i].length = start[i];
            }
          }
          if (rc == 2) {
            return new boolean[s.length]; // every session of the step was interrupted
          }
          throw new io.slm4j.GenerationException("llama_decode returned " + rc
              + (rc == 1 ? " (no room in the KV cache)" : "") + ": " + LlamaLog.takeErrors());
        }
        // Advance each session by what this decode held of it, and copy out finished logits.
        int counted = 0;
        for (int i = 0; i < s.length && counted < n; i++) {
          if (!ok[i]) {
            continue;
          }
          int had = s[i].length - start[i];
          int inThis = Math.min(tokens[i].length - had, n - counted);
          if (inThis <= 0) {
            continue;
          }
          s[i].length += inThis;
          counted += inThis;
          if (rowOf[i] >= 0) {
            llama_get_logits_ith(ctx, rowOf[i]).get(s[i].logits);
          }
        }
        done += n;
      }
      return ok;
    } finally {
      ctxLock.unlock();
    }
  }

  /** One llama_decode with the abort flag armed for the sessions in it. */
  private int decode(LlamaSession[] s, boolean[] ok) {
    int live = 0;
    for (boolean b : ok) {
      live += b ? 1 : 0;
    }
    LlamaSession[] in = new LlamaSession[live];
    for (int i = 0, k = 0; i < s.length; i++) {
      if (ok[i]) {
        in[k++] = s[i];
      }
    }
    decoding = in;
    LlamaLog.hold();
    int rc = 0;
    try {
      if (!allInterrupted(in)) {
        rc = llama_decode(ctx, batch);
      } else {
        rc = 2;
      }
    } finally {
      synchronized (flagLock) {
        decoding = null;
        slm4j_abort_flag_set(abortFlag, 0);
      }
      LlamaLog.endHold(rc == 2);
    }
    return rc;
  }

  private static boolean allInterrupted(LlamaSession[] in) {
    for (LlamaSession x : in) {
      if (!x.interrupted) {
        return false;
      }
    }
    return true;
  }

  /**
   * A session was interrupted: a decode in progress is aborted natively only when every session in it
   * is, since one abort stops the whole batch.
   */
  void interrupted(LlamaSession session) {
    synchronized (flagLock) {
      LlamaSession[] in = decoding;
      if (in != null && abortFlag != null && allInterrupted(in)) {
        slm4j_abort_flag_set(abortFlag, 1);
      }
    }
  }

  void truncate(LlamaSession session, int newLength) {
    ctxLock.lock();
    try {
      if (!session.closed && newLength < session.length) {
        llama_memory_seq_rm(llama_get_memory(ctx), session.seq, newLength, -1);
      }
      session.length = newLength;
    } finally {
      ctxLock.unlock();
    }
  }

  void release(LlamaSession session) {
    ctxLock.lock();
    try {
      if (!session.closed) {
        session.closed = true;
        llama_memory_seq_rm(llama_get_memory(ctx), session.seq, 0, -1);
        seqs[session.seq] = null;
      }
    } finally {
      ctxLock.unlock();
    }
  }

  @Override
  public void close() {
    if (ctx != null) {
      llama_batch_free(batch);
      llama_free(ctx);
      synchronized (flagLock) {
        abortFlag.close();
        abortFlag = null;
      }
    }
    llama_model_free(model);
  }
}
