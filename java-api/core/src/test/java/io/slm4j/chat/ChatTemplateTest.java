package io.slm4j.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slm4j.ChatTemplateException;
import io.slm4j.Slm4jException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hugging Face's template environment and slm4j's bounds, one behaviour at a time. */
class ChatTemplateTest {
  static String render(String template, Object... kv) {
    Map<String, Object> v = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      v.put((String) kv[i], kv[i + 1]);
    }
    return ChatTemplate.of(template).render(v);
  }

  @Test
  void pythonStringListAndDictMethods() {
    assertEquals("a b|x|yz", render("{{ '  a b '.strip() }}|{{ 'xx'.lstrip('x') or 'x' }}|{{ 'yz\\n'.rstrip() }}"));
    assertEquals("yes no", render("{{ 'yes' if 'tool_x'.startswith('tool') }} {{ 'abc'.endswith(('x', 'y')) and 'x' or 'no' }}"));
    assertEquals("a|b,c", render("{{ 'a,b,c'.split(',', 1)|join('|') }}"));
    assertEquals("answer", render("{{ '<think>t</think>answer'.split('</think>')[-1] }}"));
    assertEquals("k=1;", render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "d", Map.of("k", 1)));
    assertEquals("ABC Title", render("{{ 'abc'.upper() }} {{ 'title'.title() }}"));
  }

  @Test
  void namespaceLoopControlsAndBackwardsSlices() {
    assertEquals("3", render("{% set ns = namespace(n=xs|length - 1) %}{% for x in xs %}{% if x == 2 %}{% set ns.n = ns.n + 1 %}"
        + "{% endif %}{% endfor %}{{ ns.n }}", "xs", List.of(1, 2, 3)));
    assertEquals("13", render("{% for x in xs %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}",
        "xs", List.of(1, 2, 3)));
    assertEquals("1", render("{% for x in xs %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}",
        "xs", List.of(1, 2, 3)));
    assertEquals("321", render("{% for x in xs[::-1] %}{{ x }}{% endfor %}", "xs", List.of(1, 2, 3)));
    assertEquals("unset", render("{% if not flag is defined %}unset{% endif %}"));
  }

  @Test
  void tojsonAsPythonJsonDumps() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "météo");
    m.put("args", List.of(1, 2.5, true));
    assertEquals("{\"name\": \"météo\", \"args\": [1, 2.5, true]}", render("{{ m | tojson }}", "m", m));
    assertEquals("{\n  \"name\": \"météo\",\n  \"args\": [\n    1,\n    2.5,\n    true\n  ]\n}",
        render("{{ m | tojson(indent=2) }}", "m", m));
    assertEquals("{\"name\":\"m\\u00e9t\\u00e9o\",\"args\":[1,2.5,true]}",
        render("{{ m | tojson(separators=(',', ':'), ensure_ascii=true) }}", "m", m));
  }

  @Test
  void whitespaceControlAsHuggingFace() {
    // trim_blocks and lstrip_blocks on, as transformers sets them; {{- trims.
    assertEquals("  ab", render("{% if true %}\n  a{% endif %}\n    {{- 'b' }}"));
    assertEquals("x\ny", render("x\n    {% if true %}\ny{% endif %}"));
  }

  @Test
  void strftimeNowAndGenerationTag() {
    assertTrue(render("{{ strftime_now('%d %b %Y') }}").matches("\\d\\d [A-Z][a-z]{2} \\d{4}"));
    assertEquals("<a>reply</a>", render("<a>{% generation %}reply{% endgeneration %}</a>"));
  }

  @Test
  void raiseExceptionIsTypedAndNamesTheLine() {
    ChatTemplateException e = assertThrows(ChatTemplateException.class,
        () -> render("line one\nline two\n{{ raise_exception('roles must alternate') }}"));
    assertTrue(e.getMessage().contains("roles must alternate"), e.getMessage());
    assertEquals(3, e.line(), e.getMessage());
    assertTrue(e instanceof Slm4jException);
  }

  @Test
  void syntaxErrorNamesTheLine() {
    ChatTemplateException e = assertThrows(ChatTemplateException.class,
        () -> render("ok\nok\n{{ 1 + }}"));
    assertEquals(3, e.line(), e.getMessage());
  }

  @Test
  void renderingIsBounded() {
    // Output far beyond any context window: stopped, not rendered into the heap.
    assertThrows(ChatTemplateException.class,
        () -> render("{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}"));
    // Endless recursion: stopped at the depth bound.
    assertThrows(ChatTemplateException.class, () -> render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"));
  }
}
