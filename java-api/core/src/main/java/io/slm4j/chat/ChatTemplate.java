package io.slm4j.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import io.slm4j.ChatTemplateException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jinjava.javax.el.CompositeELResolver;

/**
 * A model's Jinja chat template, rendered as Hugging Face's {@code apply_chat_template} renders it:
 * {@code trim_blocks} and {@code lstrip_blocks} on, {@code raise_exception}, {@code strftime_now},
 * {@code tojson} with Python's separators, the {@code generation} tag, loop controls,
 * {@code namespace()}, and Python's string, list and dict methods. Rendering is bounded (output
 * size, recursion depth, range length); every failure is a {@link ChatTemplateException} naming the
 * template line. Thread-safe.
 */
public final class ChatTemplate {
  /** Largest rendered prompt: far above any context window, small enough to never exhaust the heap. */
  static final long MAX_OUTPUT_CHARS = 4L << 20;

  private static final Jinjava ENGINE = engine();
  private final String source;
  private final String adapted;

  private ChatTemplate(String source) {
    this.source = source;
    this.adapted = adapt(source);
  }

  /**
   * @param source the template's Jinja source
   * @return the template; syntax errors surface on {@link #render}, with their line
   */
  public static ChatTemplate of(String source) {
    return new ChatTemplate(Objects.requireNonNull(source, "source"));
  }

  /**
   * Jinjava parses {@code namespace(a=x|length - 1)} as {@code (a=x|length) - 1}; Jinja binds the
   * whole expression to {@code a}. Parenthesising every keyword argument of {@code namespace(...)}
   * gives Jinja's reading (Qwen3 and other templates depend on it). Line breaks are kept, so error
   * lines still point into the original source. {@code x[::-1]} becomes {@code x|reverse}.
   */
  static String adapt(String source) {
    StringBuilder out = new StringBuilder(source.length() + 16);
    int from = 0;
    for (int at = source.indexOf("namespace("); at >= 0; at = source.indexOf("namespace(", from)) {
      int open = at + "namespace(".length();
      int depth = 1;
      int i = open;
      char quote = 0;
      List<Integer> commas = new java.util.ArrayList<>();
      for (; i < source.length() && depth > 0; i++) {
        char c = source.charAt(i);
        if (quote != 0) {
          if (c == quote && source.charAt(i - 1) != '\\') {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          depth--;
        } else if (c == ',' && depth == 1) {
          commas.add(i);
        }
      }
      if (depth != 0) {
        break;
      }
      int close = i - 1;
      out.append(source, from, open);
      commas.add(close);
      int start = open;
      for (int comma : commas) {
        String arg = source.substring(start, comma);
        int eq = arg.indexOf('=');
        if (eq > 0 && arg.substring(0, eq).strip().matches("[A-Za-z_][A-Za-z0-9_]*") && !arg.startsWith("=", eq + 1)) {
          out.append(arg, 0, eq + 1).append('(').append(arg.substring(eq + 1)).append(')');
        } else {
          out.append(arg);
        }
        out.append(source.charAt(comma));
        start = comma + 1;
      }
      from = close + 1;
    }
    // Jinjava has no slice step; templates only use it to walk messages backwards.
    String adapted = out.append(source.substring(from)).toString().replace("[::-1]", "|reverse");
    // With Python's precedence on, Jinjava reads "not x is defined" as "(not x) is defined";
    // Jinja reads "not (x is defined)".
    return NOT_IS.matcher(adapted).replaceAll("not ($1 is $2$3)");
  }

  private static final java.util.regex.Pattern NOT_IS = java.util.regex.Pattern.compile(
      "\\bnot\\s+([A-Za-z_][\\w.]*(?:\\[[^\\]\\[]*\\])*)\\s+is\\s+(not\\s+)?"
      + "(defined|undefined|none|string|mapping|number|iterable|sequence|boolean|integer|float|true|false)\\b");

  /** @return the Jinja source */
  public String source() {
    return source;
  }

  /**
   * @param variables the template's variables: {@code messages}, {@code add_generation_prompt},
   *     {@code bos_token}, {@code eos_token}, {@code tools}, {@code documents} and any extra kwargs
   *     (for example {@code enable_thinking}); values are strings, numbers, booleans, lists and maps
   * @return the rendered text
   * @throws ChatTemplateException if the template is malformed, raises, or exceeds the bounds
   */
  public String render(Map<String, Object> variables) {
    RenderResult r;
    try {
      r = ENGINE.renderForResult(adapted, new HashMap<>(variables));
    } catch (RuntimeException e) {
      throw new ChatTemplateException("chat template failed: " + e.getMessage(), 0, e);
    }
    for (TemplateError e : r.getErrors()) {
      // Jinjava reports a hit recursion bound as a warning and renders on; slm4j stops there.
      if (e.getSeverity() == TemplateError.ErrorType.FATAL || e.getReason() == TemplateError.ErrorReason.EXCEPTION) {
        String msg = e.getMessage();
        Throwable cause = e.getException();
        while (cause != null) {
          if (cause instanceof Raised raised) {
            msg = "raise_exception: " + raised.getMessage();
            break;
          }
          cause = cause.getCause();
        }
        throw new ChatTemplateException("chat template error at line " + e.getLineno() + ": " + msg, e.getLineno(),
            e.getException());
      }
    }
    return r.getOutput();
  }

  private static Jinjava engine() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PyMethods());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
    JinjavaConfig config = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withFailOnUnknownTokens(false)
        .withElResolver(resolver)
        .withMaxOutputSize(MAX_OUTPUT_CHARS)
        .withMaxStringLength(MAX_OUTPUT_CHARS)
        .withMaxRenderDepth(64)
        .withEnableRecursiveMacroCalls(true)
        .withMaxMacroRecursionDepth(64)
        .withRangeLimit(100_000)
        .withMaxListSize(100_000)
        .withMaxMapSize(100_000)
        // Jinja2's semantics where Jinjava keeps HubSpot's: {{- -}} trims, {# -#} trims, operator
        // precedence as in Python, map keys iterate as in a dict.
        .withLegacyOverrides(com.hubspot.jinjava.LegacyOverrides.newBuilder()
            .withUseTrimmingForNotesAndExpressions(true)
            .withUseNaturalOperatorPrecedence(true)
            .withParseWhitespaceControlStrictly(true)
            .withIterateOverMapKeys(true)
            .withEvaluateMapKeys(true)
            .withKeepNullableLoopValues(true)
            .build())
        .build();
    Jinjava j = new Jinjava(config);
    j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
        "raiseException", String.class));
    j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now", ChatTemplate.class,
        "strftimeNow", String.class));
    j.getGlobalContext().registerFilter(new ToJson());
    j.getGlobalContext().registerTag(new Generation());
    return j;
  }

  /** Thrown by {@code raise_exception}: the template itself refuses the conversation. */
  static final class Raised extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Raised(String message) {
      super(message);
    }
  }

  /**
   * @param message the template's message
   * @return never
   */
  public static Object raiseException(String message) {
    throw new Raised(message);
  }

  /**
   * @param format a Python {@code strftime} format
   * @return the local time now in that format
   */
  public static String strftimeNow(String format) {
    return Strftime.format(LocalDateTime.now(), format);
  }

  /** {@code tojson}: Python's {@code json.dumps} with {@code ensure_ascii=False} as transformers calls it. */
  static final class ToJson implements AdvancedFilter {
    @Override
    public String getName() {
      return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
      boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
      Object sep = kwargs.get("separators");
      String item = ", ";
      String key = ": ";
      if (sep instanceof List<?> l && l.size() == 2) {
        item = String.valueOf(l.get(0));
        key = String.valueOf(l.get(1));
      } else if (indent != null) {
        item = ",";
      }
      boolean ensureAscii = Boolean.TRUE.equals(kwargs.get("ensure_ascii"));
      return PyJson.dumps(var, indent instanceof Number n ? n.intValue() : -1, item, key, sortKeys, ensureAscii);
    }
  }

  /** {@code {% generation %}}: marks assistant text for training masks; renders its body unchanged. */
  static final class Generation implements Tag {
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
      return "generation";
    }

    @Override
    public String getEndTagName() {
      return "endgeneration";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
      StringBuilder out = new StringBuilder();
      for (Node child : tagNode.getChildren()) {
        out.append(child.render(interpreter).getValue());
      }
      return out.toString();
    }
  }

}
