package io.slm4j.chat;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's string, dict and list methods that chat templates call ({@code content.strip()},
 * {@code content.split('</think>')}, {@code role.startswith('tool')}, {@code tool.items()} ...), which
 * Jinja2 gets from Python itself and Jinjava lacks. Only method calls are resolved here; properties
 * fall through to Jinjava's resolvers.
 */
final class PyMethods extends ELResolver {
  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
    if (base == null || method == null) {
      return null;
    }
    Object[] a = params == null ? new Object[0] : params;
    Object r = NONE;
    String m = method.toString();
    if (base instanceof String s) {
      r = string(s, m, a);
    } else if (base instanceof Map<?, ?> map) {
      r = map(map, m, a);
    } else if (base instanceof List<?> list) {
      r = list(list, m, a);
    }
    if (r == NONE) {
      return null;
    }
    context.setPropertyResolved(true);
    return r;
  }

  private static final Object NONE = new Object();

  private static Object string(String s, String m, Object[] a) {
    switch (m) {
      case "strip":
        return a.length == 0 || a[0] == null ? s.strip() : rstrip(lstrip(s, a[0].toString()), a[0].toString());
      case "lstrip":
        return a.length == 0 || a[0] == null ? s.stripLeading() : lstrip(s, a[0].toString());
      case "rstrip":
        return a.length == 0 || a[0] == null ? s.stripTrailing() : rstrip(s, a[0].toString());
      case "startswith":
        return anyOf(a[0], p -> s.startsWith(p));
      case "endswith":
        return anyOf(a[0], p -> s.endsWith(p));
      case "split":
        return split(s, a.length > 0 ? a[0] : null, a.length > 1 ? ((Number) a[1]).intValue() : -1);
      case "rsplit":
        return rsplit(s, a.length > 0 ? a[0] : null, a.length > 1 ? ((Number) a[1]).intValue() : -1);
      case "upper":
        return s.toUpperCase(java.util.Locale.ROOT);
      case "lower":
        return s.toLowerCase(java.util.Locale.ROOT);
      case "title":
        return title(s);
      case "capitalize":
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
            + s.substring(1).toLowerCase(java.util.Locale.ROOT);
      case "replace":
        if (a.length > 2 && a[2] instanceof Number n) {
          String out = s;
          int at = 0;
          StringBuilder b = new StringBuilder();
          String from = a[0].toString();
          String to = a[1].toString();
          int count = n.intValue();
          int i;
          while (count-- > 0 && (i = out.indexOf(from, at)) >= 0) {
            b.append(out, at, i).append(to);
            at = i + from.length();
          }
          return b.append(out.substring(at)).toString();
        }
        return s.replace(a[0].toString(), a[1].toString());
      case "find":
        return (long) s.indexOf(a[0].toString());
      case "rfind":
        return (long) s.lastIndexOf(a[0].toString());
      case "count":
        return (long) (s.isEmpty() && a[0].toString().isEmpty() ? 1 : s.split(java.util.regex.Pattern.quote(
            a[0].toString()), -1).length - 1);
      case "join":
        List<String> parts = new ArrayList<>();
        for (Object o : iterable(a[0])) {
          parts.add(String.valueOf(o));
        }
        return String.join(s, parts);
      case "splitlines":
        return new ArrayList<>(Arrays.asList(s.split("\r\n|\r|\n", -1))).subList(0,
            s.isEmpty() ? 0 : s.endsWith("\n") ? s.split("\r\n|\r|\n", -1).length - 1 : s.split("\r\n|\r|\n", -1).length);
      case "isdigit":
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
      case "isspace":
        return !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
      case "isalnum":
        return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
      case "isupper":
        return s.chars().anyMatch(Character::isLetter) && s.chars().noneMatch(Character::isLowerCase);
      case "islower":
        return s.chars().anyMatch(Character::isLetter) && s.chars().noneMatch(Character::isUpperCase);
      case "isalpha":
        return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
      default:
        return NONE;
    }
  }

  private static Object map(Map<?, ?> map, String m, Object[] a) {
    switch (m) {
      case "items": {
        List<List<Object>> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.add(Arrays.asList(e.getKey(), e.getValue()));
        }
        return out;
      }
      case "keys":
        return new ArrayList<>(map.keySet());
      case "values":
        return new ArrayList<>(map.values());
      case "get":
        return map.containsKey(a[0]) ? map.get(a[0]) : a.length > 1 ? a[1] : null;
      default:
        return NONE;
    }
  }

  @SuppressWarnings("unchecked")
  private static Object list(List<?> list, String m, Object[] a) {
    switch (m) {
      case "append":
        ((List<Object>) list).add(a[0]);
        return "";
      case "index":
        return (long) list.indexOf(a[0]);
      case "count":
        return list.stream().filter(x -> java.util.Objects.equals(x, a[0])).count();
      default:
        return NONE;
    }
  }

  private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
    if (prefixes instanceof Collection<?> c) {
      for (Object o : c) {
        if (test.test(String.valueOf(o))) {
          return true;
        }
      }
      return false;
    }
    return test.test(String.valueOf(prefixes));
  }

  private static Iterable<?> iterable(Object o) {
    if (o instanceof Iterable<?> it) {
      return it;
    }
    if (o instanceof Object[] arr) {
      return Arrays.asList(arr);
    }
    return List.of(String.valueOf(o));
  }

  private static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.substring(i);
  }

  private static String rstrip(String s, String chars) {
    int i = s.length();
    while (i > 0 && chars.indexOf(s.charAt(i - 1)) >= 0) {
      i--;
    }
    return s.substring(0, i);
  }

  private static List<String> split(String s, Object sep, int max) {
    List<String> out = new ArrayList<>();
    if (sep == null) {
      String t = s.stripLeading();
      while (!t.isEmpty()) {
        if (max >= 0 && out.size() == max) {
          out.add(t.stripTrailing());
          return out;
        }
        int i = 0;
        while (i < t.length() && !Character.isWhitespace(t.charAt(i))) {
          i++;
        }
        out.add(t.substring(0, i));
        t = t.substring(i).stripLeading();
      }
      return out;
    }
    String p = sep.toString();
    int at = 0;
    int i;
    while ((max < 0 || out.size() < max) && (i = s.indexOf(p, at)) >= 0) {
      out.add(s.substring(at, i));
      at = i + p.length();
    }
    out.add(s.substring(at));
    return out;
  }

  private static List<String> rsplit(String s, Object sep, int max) {
    if (sep == null || max < 0) {
      return split(s, sep, -1);
    }
    String p = sep.toString();
    List<String> out = new ArrayList<>();
    int end = s.length();
    int i;
    while (out.size() < max && (i = s.lastIndexOf(p, end - p.length())) >= 0 && end - p.length() >= 0) {
      out.add(0, s.substring(i + p.length(), end));
      end = i;
    }
    out.add(0, s.substring(0, end));
    return out;
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = !Character.isLetter(c);
    }
    return b.toString();
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {}

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }
}
