package io.slm4j.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Python's {@code json.dumps}, byte for byte, for what templates serialise (tools, arguments). */
final class PyJson {
  private PyJson() {}

  /**
   * @param indent spaces per level, or -1 for one line
   * @param itemSep between items ({@code ", "}, or {@code ","} when indenting)
   * @param keySep between a key and its value
   */
  static String dumps(Object v, int indent, String itemSep, String keySep, boolean sortKeys, boolean ensureAscii) {
    StringBuilder b = new StringBuilder();
    write(b, v, indent, itemSep, keySep, sortKeys, ensureAscii, 0);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v, int indent, String itemSep, String keySep, boolean sort,
      boolean ascii, int level) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean x) {
      b.append(x ? "true" : "false");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16) {
        b.append((long) d).append(".0");
      } else {
        b.append(Double.toString(d).replace("E", "e"));
      }
    } else if (v instanceof Number n) {
      b.append(n.toString());
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
      if (sort) {
        entries.sort((x, y) -> String.valueOf(x.getKey()).compareTo(String.valueOf(y.getKey())));
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : entries) {
        if (!first) {
          b.append(itemSep);
        }
        first = false;
        newline(b, indent, level + 1);
        string(b, String.valueOf(e.getKey()), ascii);
        b.append(keySep);
        write(b, e.getValue(), indent, itemSep, keySep, sort, ascii, level + 1);
      }
      newline(b, indent, level);
      b.append('}');
    } else if (v instanceof Collection<?> || v instanceof Object[]) {
      Collection<?> c = v instanceof Collection<?> x ? x : List.of((Object[]) v);
      if (c.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          b.append(itemSep);
        }
        first = false;
        newline(b, indent, level + 1);
        write(b, o, indent, itemSep, keySep, sort, ascii, level + 1);
      }
      newline(b, indent, level);
      b.append(']');
    } else {
      string(b, v.toString(), ascii);
    }
  }

  private static void newline(StringBuilder b, int indent, int level) {
    if (indent >= 0) {
      b.append('\n').append(" ".repeat(indent * level));
    }
  }

  private static void string(StringBuilder b, String s, boolean ascii) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || (ascii && c > 0x7e)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
