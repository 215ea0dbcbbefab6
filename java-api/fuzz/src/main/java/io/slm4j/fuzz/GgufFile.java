package io.slm4j.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file as editable parts (metadata with its wire types, tensor table, data blob), so mutants can change a
 * value, a type, a count or an offset and still be well-formed everywhere else: that is what reaches the checks
 * behind the parser rather than the parser's first length test. Reads only valid files (the fixtures).
 */
public final class GgufFile {
  /** One metadata value with its GGUF type; arrays carry their element type and a list. */
  public static final class Value {
    public int type;
    public int elementType;
    public Object value;

    Value(int type, int elementType, Object value) {
      this.type = type;
      this.elementType = elementType;
      this.value = value;
    }
  }

  /** One tensor-table entry. */
  public static final class Tensor {
    public String name;
    public long[] dims;
    public int type;
    public long offset;
  }

  public int version;
  public final Map<String, Value> kv = new LinkedHashMap<>();
  public final List<Tensor> tensors = new ArrayList<>();
  public byte[] data;
  /** Counts written instead of the real ones when set (mutants lie about them). */
  public Long tensorCountOverride;
  public Long kvCountOverride;

  public static GgufFile parse(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    GgufFile f = new GgufFile();
    if (b.getInt() != 0x46554747) {
      throw new IllegalArgumentException("not GGUF");
    }
    f.version = b.getInt();
    long nt = b.getLong();
    long nk = b.getLong();
    for (long i = 0; i < nk; i++) {
      String key = str(b);
      int type = b.getInt();
      if (type == 9) {
        int et = b.getInt();
        long n = b.getLong();
        List<Object> list = new ArrayList<>();
        for (long j = 0; j < n; j++) {
          list.add(read(b, et));
        }
        f.kv.put(key, new Value(9, et, list));
      } else {
        f.kv.put(key, new Value(type, -1, read(b, type)));
      }
    }
    for (long i = 0; i < nt; i++) {
      Tensor t = new Tensor();
      t.name = str(b);
      t.dims = new long[b.getInt()];
      for (int d = 0; d < t.dims.length; d++) {
        t.dims[d] = b.getLong();
      }
      t.type = b.getInt();
      t.offset = b.getLong();
      f.tensors.add(t);
    }
    int align = f.alignment();
    int start = (b.position() + align - 1) / align * align;
    f.data = java.util.Arrays.copyOfRange(bytes, Math.min(start, bytes.length), bytes.length);
    return f;
  }

  int alignment() {
    Value a = kv.get("general.alignment");
    return a != null && a.value instanceof Number n && n.intValue() > 0 ? n.intValue() : 32;
  }

  public byte[] write() {
    Out o = new Out();
    o.i32(0x46554747);
    o.i32(version);
    o.i64(tensorCountOverride != null ? tensorCountOverride : tensors.size());
    o.i64(kvCountOverride != null ? kvCountOverride : kv.size());
    for (Map.Entry<String, Value> e : kv.entrySet()) {
      o.str(e.getKey());
      Value v = e.getValue();
      o.i32(v.type);
      if (v.type == 9) {
        o.i32(v.elementType);
        List<?> list = (List<?>) v.value;
        o.i64(list.size());
        for (Object x : list) {
          o.value(v.elementType, x);
        }
      } else {
        o.value(v.type, v.value);
      }
    }
    for (Tensor t : tensors) {
      o.str(t.name);
      o.i32(t.dims.length);
      for (long d : t.dims) {
        o.i64(d);
      }
      o.i32(t.type);
      o.i64(t.offset);
    }
    int align = Math.max(1, Math.min(alignment(), 1 << 16));
    while (o.size() % align != 0) {
      o.write(0);
    }
    o.write(data, 0, data.length);
    return o.toByteArray();
  }

  private static Object read(ByteBuffer b, int type) {
    return switch (type) {
      case 0, 1, 7 -> (long) b.get();
      case 2, 3 -> (long) b.getShort();
      case 4, 5 -> (long) b.getInt();
      case 6 -> (double) b.getFloat();
      case 8 -> str(b);
      case 10, 11 -> b.getLong();
      case 12 -> b.getDouble();
      default -> throw new IllegalArgumentException("type " + type);
    };
  }

  private static String str(ByteBuffer b) {
    byte[] s = new byte[(int) b.getLong()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static final class Out extends ByteArrayOutputStream {
    void i32(int v) {
      for (int i = 0; i < 4; i++) {
        write(v >>> (8 * i));
      }
    }

    void i64(long v) {
      for (int i = 0; i < 8; i++) {
        write((int) (v >>> (8 * i)));
      }
    }

    void str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i64(b.length);
      write(b, 0, b.length);
    }

    /** Writes x as type, converting numbers and strings across types so a type mutation keeps its value. */
    void value(int type, Object x) {
      double d = x instanceof Number n ? n.doubleValue() : x instanceof String s ? s.length() : 0;
      long l = x instanceof Number n ? n.longValue() : (long) d;
      switch (type) {
        case 0, 1, 7 -> write((int) l);
        case 2, 3 -> {
          write((int) l);
          write((int) (l >>> 8));
        }
        case 4, 5 -> i32((int) l);
        case 6 -> i32(Float.floatToRawIntBits((float) d));
        case 8 -> str(String.valueOf(x));
        case 10, 11 -> i64(l);
        case 12 -> i64(Double.doubleToRawLongBits(d));
        default -> i32((int) l); // unknown types: some bytes, the reader must reject the type itself
      }
    }
  }
}
