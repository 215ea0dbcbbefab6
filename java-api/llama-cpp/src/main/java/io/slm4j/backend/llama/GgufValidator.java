package io.slm4j.backend.llama;

import io.slm4j.ModelLoadException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a GGUF header in Java and rejects what llama.cpp would assert on, abort on or over-allocate for, so a bad
 * file is a {@link ModelLoadException} naming the key and value instead of a dead JVM. Every length and count is
 * checked against the bytes left in the file before anything is allocated for it.
 */
public final class GgufValidator {
  private static final int MAGIC = 0x46554747; // "GGUF" little-endian
  /** LLAMA_MAX_LAYERS in llama-hparams.h: hparams arrays are fixed at this size. */
  static final int MAX_LAYERS = 512;
  /** GGML_MAX_DIMS. */
  private static final int MAX_DIMS = 4;
  /** Tokenizer kinds llama_vocab::impl::load of the pinned llama.cpp knows; any other value is a hard error there. */
  private static final Set<String> TOKENIZERS = Set.of("no_vocab", "none", "llama", "gpt2", "hybriddna", "whitespace",
      "bert", "t5", "rwkv", "test", "plamo2", "gemma4", "ugm");
  /** ggml type id -> {block size, bytes per block}, from ggml.c's type_traits. Removed ids are absent. */
  private static final Map<Integer, long[]> TYPES = new HashMap<>();

  static {
    long[][] t = {{0, 1, 4}, {1, 1, 2}, {2, 32, 18}, {3, 32, 20}, {6, 32, 22}, {7, 32, 24}, {8, 32, 34}, {9, 32, 36},
        {10, 256, 84}, {11, 256, 110}, {12, 256, 144}, {13, 256, 176}, {14, 256, 210}, {15, 256, 292},
        {16, 256, 66}, {17, 256, 74}, {18, 256, 98}, {19, 256, 50}, {20, 32, 18}, {21, 256, 110}, {22, 256, 82},
        {23, 256, 136}, {24, 1, 1}, {25, 1, 2}, {26, 1, 4}, {27, 1, 8}, {28, 1, 8}, {29, 256, 56}, {30, 1, 2},
        {34, 256, 54}, {35, 256, 66}, {39, 32, 17}};
    for (long[] e : t) {
      TYPES.put((int) e[0], new long[] {e[1], e[2]});
    }
  }

  private final Path file;
  private final long size;
  private final DataInputStream in;
  private long pos;

  private GgufValidator(Path file, long size, InputStream in) {
    this.file = file;
    this.size = size;
    this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  /**
   * Checks {@code file}; returns its metadata (arrays of strings as {@code List}, numbers boxed).
   *
   * @throws ModelLoadException naming the first offending key or tensor and its value
   */
  public static Map<String, Object> validate(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try (InputStream raw = Files.newInputStream(file)) {
      return new GgufValidator(file, size, raw).run();
    } catch (EOFException e) {
      throw new ModelLoadException(file + ": truncated GGUF header", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> run() throws IOException {
    if (i32() != MAGIC) {
      throw fail("not a GGUF file (bad magic)");
    }
    int version = i32();
    if (version < 2 || version > 3) {
      throw fail("GGUF version " + version + " is not supported (2 or 3)");
    }
    long tensors = i64();
    long kvs = i64();
    // Each KV takes at least 12 bytes, each tensor info at least 24: bigger counts cannot fit in the file.
    if (tensors < 0 || tensors > left() / 24) {
      throw fail("tensor count " + Long.toUnsignedString(tensors) + " does not fit in the file");
    }
    if (kvs < 0 || kvs > left() / 12) {
      throw fail("metadata count " + Long.toUnsignedString(kvs) + " does not fit in the file");
    }
    Map<String, Object> kv = new HashMap<>();
    for (long i = 0; i < kvs; i++) {
      String key = str("metadata key #" + i);
      int type = i32();
      if (kv.put(key, value(key, type, 0)) != null) {
        throw fail("duplicate metadata key " + key);
      }
    }
    long alignment = 32;
    Object a = kv.get("general.alignment");
    if (a != null) {
      if (!(a instanceof Integer ai) || ai <= 0 || Integer.bitCount(ai) != 1) {
        throw fail("general.alignment = " + a + " (must be a uint32 power of two)");
      }
      alignment = ai;
    }
    long[][] info = new long[(int) tensors][];
    String[] names = new String[(int) tensors];
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < tensors; i++) {
      String name = str("tensor name #" + i);
      if (!seen.add(name)) {
        throw fail("duplicate tensor " + name);
      }
      int dims = i32();
      if (dims < 1 || dims > MAX_DIMS) {
        throw fail("tensor " + name + ": n_dims = " + Integer.toUnsignedString(dims) + " (1.." + MAX_DIMS + ")");
      }
      long elements = 1;
      long ne0 = 0;
      for (int d = 0; d < dims; d++) {
        long ne = i64();
        if (ne <= 0 || ne > Integer.MAX_VALUE * 16L) {
          throw fail("tensor " + name + ": dimension " + d + " = " + Long.toUnsignedString(ne));
        }
        if (d == 0) {
          ne0 = ne;
        }
        elements = multiply(elements, ne, name);
      }
      int type = i32();
      long[] traits = TYPES.get(type);
      if (traits == null) {
        throw fail("tensor " + name + ": unknown ggml type " + Integer.toUnsignedString(type));
      }
      if (ne0 % traits[0] != 0) {
        throw fail("tensor " + name + ": row of " + ne0 + " is not a multiple of the block size " + traits[0]);
      }
      long offset = i64();
      if (offset < 0 || offset % alignment != 0) {
        throw fail("tensor " + name + ": offset " + Long.toUnsignedString(offset) + " is not aligned to "
            + alignment);
      }
      names[i] = name;
      info[i] = new long[] {offset, multiply(elements / traits[0], traits[1], name)};
    }
    long data = (pos + alignment - 1) / alignment * alignment;
    for (int i = 0; i < tensors; i++) {
      long end = data + info[i][0] + info[i][1];
      if (end < 0 || end > size) {
        throw fail("tensor " + names[i] + ": data [" + info[i][0] + ", +" + info[i][1] + ") lies beyond the end of"
            + " the file (" + (size - data) + " data bytes)");
      }
    }
    semantics(kv);
    return kv;
  }

  /** What llama_model_load_hparams and llama_vocab::load GGML_ASSERT or index with. */
  private void semantics(Map<String, Object> kv) {
    Object archValue = kv.get("general.architecture");
    if (!(archValue instanceof String arch) || arch.isEmpty()) {
      throw fail("general.architecture = " + archValue + " (must be a non-empty string)");
    }
    long layers = positive(kv, arch + ".block_count", true);
    if (layers > MAX_LAYERS) {
      throw fail(arch + ".block_count = " + layers + " (llama.cpp allows at most " + MAX_LAYERS + ")");
    }
    long ctx = positive(kv, arch + ".context_length", true);
    long embd = positive(kv, arch + ".embedding_length", false);
    for (String k : List.of(".feed_forward_length", ".attention.head_count", ".attention.head_count_kv")) {
      perLayer(kv, arch + k, layers);
    }
    long heads = maxOf(kv.get(arch + ".attention.head_count"));
    long kvHeads = maxOf(kv.get(arch + ".attention.head_count_kv"));
    if (embd > 0 && heads > 0 && kv.get(arch + ".attention.key_length") == null && embd % heads != 0) {
      throw fail(arch + ".embedding_length = " + embd + " is not divisible by " + arch
          + ".attention.head_count = " + heads);
    }
    if (heads > 0 && kvHeads > 0 && heads % kvHeads != 0) {
      throw fail(arch + ".attention.head_count = " + heads + " is not a multiple of " + arch
          + ".attention.head_count_kv = " + kvHeads);
    }
    Object rope = kv.get(arch + ".rope.dimension_count");
    if (rope != null) {
      long r = number(arch + ".rope.dimension_count", rope);
      // Architectures with an explicit key_length (gemma) size heads by it rather than embd / heads.
      Object keyLength = kv.get(arch + ".attention.key_length");
      long headDim = keyLength != null ? Math.max(maxOf(keyLength), maxOf(kv.get(arch + ".attention.key_length_swa")))
          : heads > 0 && embd > 0 ? embd / heads : Long.MAX_VALUE;
      if (r <= 0 || r > headDim || r % 2 != 0) {
        throw fail(arch + ".rope.dimension_count = " + r + " (must be even, positive and at most the head size "
            + headDim + ")");
      }
    }
    for (String k : List.of(".attention.layer_norm_rms_epsilon", ".attention.layer_norm_epsilon")) {
      Object e = kv.get(arch + k);
      if (e != null && !(e instanceof Float f && Float.isFinite(f) && f > 0)) {
        throw fail(arch + k + " = " + e + " (must be a finite positive float32)");
      }
    }
    Object rf = kv.get(arch + ".rope.freq_base");
    if (rf != null && !(rf instanceof Float f && Float.isFinite(f) && f > 0)) {
      throw fail(arch + ".rope.freq_base = " + rf + " (must be a finite positive float32)");
    }
    // The context llama.cpp reserves is bounded by the caller; the trained length only needs to be sane.
    if (ctx > (1L << 24)) {
      throw fail(arch + ".context_length = " + ctx + " (more than 16M positions)");
    }
    Object model = kv.get("tokenizer.ggml.model");
    if (!(model instanceof String m) || !TOKENIZERS.contains(m)) {
      throw fail("tokenizer.ggml.model = " + model + " (one of " + new java.util.TreeSet<>(TOKENIZERS) + ")");
    }
    if (m.equals("no_vocab") || m.equals("none")) {
      return;
    }
    Object tokens = kv.get("tokenizer.ggml.tokens");
    if (!(tokens instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof String)) {
      throw fail("tokenizer.ggml.tokens must be a non-empty array of strings (" + describe(tokens) + ")");
    }
    int vocab = list.size();
    for (String k : List.of("tokenizer.ggml.scores", "tokenizer.ggml.token_type")) {
      Object v = kv.get(k);
      if (v != null && !(v instanceof List<?> l && l.size() == vocab)) {
        throw fail(k + " has " + describe(v) + ", not one entry per token (" + vocab + ")");
      }
    }
    for (String k : List.of("bos", "eos", "unknown", "separator", "padding", "eot", "eom")) {
      Object id = kv.get("tokenizer.ggml." + k + "_token_id");
      if (id != null) {
        long v = number("tokenizer.ggml." + k + "_token_id", id);
        if (v < 0 || v >= vocab) {
          throw fail("tokenizer.ggml." + k + "_token_id = " + v + " is outside the vocabulary (" + vocab + ")");
        }
      }
    }
  }

  private long positive(Map<String, Object> kv, String key, boolean required) {
    Object v = kv.get(key);
    if (v == null) {
      if (required) {
        throw fail(key + " is missing");
      }
      return 0;
    }
    long n = v instanceof List<?> ? maxOf(v) : number(key, v);
    if (n <= 0) {
      throw fail(key + " = " + n + " (must be positive)");
    }
    return n;
  }

  /** Per-layer hparams may be scalars or arrays; arrays longer than the layer count overflow hparams in C++. */
  private void perLayer(Map<String, Object> kv, String key, long layers) {
    Object v = kv.get(key);
    if (v instanceof List<?> l) {
      if (l.size() != layers) {
        throw fail(key + " has " + l.size() + " entries for " + layers + " layers");
      }
      for (Object o : l) {
        if (number(key, o) < 0) {
          throw fail(key + " has the negative entry " + o);
        }
      }
    } else if (v != null && number(key, v) < 0) {
      throw fail(key + " = " + v + " (must not be negative)");
    }
  }

  private long maxOf(Object v) {
    if (v instanceof List<?> l) {
      long m = 0;
      for (Object o : l) {
        m = Math.max(m, o instanceof Number n ? n.longValue() : 0);
      }
      return m;
    }
    return v instanceof Number n ? n.longValue() : 0;
  }

  private long number(String key, Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw fail(key + " = " + describe(v) + " (must be an integer)");
  }

  private static String describe(Object v) {
    if (v instanceof List<?> l) {
      return "an array of " + l.size();
    }
    return v == null ? "missing" : v + " (" + v.getClass().getSimpleName() + ")";
  }

  private long multiply(long a, long b, String name) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw fail("tensor " + name + ": size overflows 64 bits");
    }
  }

  private Object value(String key, int type, int depth) throws IOException {
    switch (type) {
      case 0: return (int) (u8() & 0xff);
      case 1: return (int) (byte) u8();
      case 2: return i16() & 0xffff;
      case 3: return (int) i16();
      case 4: {
        int v = i32();
        return v >= 0 ? (Object) v : (Object) Integer.toUnsignedLong(v);
      }
      case 5: return i32();
      case 6: return Float.intBitsToFloat(i32());
      case 7: {
        int b = u8();
        if (b > 1) {
          throw fail(key + ": bool value " + b);
        }
        return b == 1;
      }
      case 8: return str(key);
      case 9: {
        if (depth > 0) {
          throw fail(key + ": nested arrays are not supported by llama.cpp");
        }
        int et = i32();
        long n = i64();
        long min = switch (et) {
          case 0, 1, 7 -> 1; case 2, 3 -> 2; case 4, 5, 6 -> 4; case 8, 10, 11, 12 -> 8; default -> 1;
        };
        if (n < 0 || n > left() / min) {
          throw fail(key + ": array of " + Long.toUnsignedString(n) + " does not fit in the file");
        }
        List<Object> out = new java.util.ArrayList<>((int) Math.min(n, 1 << 16));
        for (long i = 0; i < n; i++) {
          out.add(value(key, et, depth + 1));
        }
        return out;
      }
      case 10: return i64();
      case 11: return i64();
      case 12: return Double.longBitsToDouble(i64());
      default: throw fail(key + ": unknown metadata type " + Integer.toUnsignedString(type));
    }
  }

  private String str(String what) throws IOException {
    long n = i64();
    if (n < 0 || n > left()) {
      throw fail(what + ": string of " + Long.toUnsignedString(n) + " bytes does not fit in the file");
    }
    byte[] b = new byte[(int) Math.min(n, Integer.MAX_VALUE - 8)];
    if (b.length != n) {
      throw fail(what + ": string of " + n + " bytes");
    }
    in.readFully(b);
    pos += n;
    return new String(b, StandardCharsets.UTF_8);
  }

  private long left() {
    return size - pos;
  }

  private int u8() throws IOException {
    pos += 1;
    return in.readUnsignedByte();
  }

  private short i16() throws IOException {
    pos += 2;
    return Short.reverseBytes(in.readShort());
  }

  private int i32() throws IOException {
    pos += 4;
    return Integer.reverseBytes(in.readInt());
  }

  private long i64() throws IOException {
    pos += 8;
    return Long.reverseBytes(in.readLong());
  }

  private ModelLoadException fail(String message) {
    return new ModelLoadException(file + ": " + message);
  }
}
