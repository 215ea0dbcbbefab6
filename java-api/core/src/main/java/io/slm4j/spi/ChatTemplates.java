package io.slm4j.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/** The chat template a user passed at load time ({@code Slm.load(...).chatTemplate(...)}) wins over the model's. */
public final class ChatTemplates {
  /** The {@link LoadOptions#backendOptions()} key that carries an explicit template's source. */
  public static final String OPTION = "slm4j.chat_template";

  /** The {@link LoadOptions#backendOptions()} key of {@code Slm.load(...).exact(true)}: the settings under which every backend gives the same ids. */
  public static final String EXACT = "slm4j.exact";

  private ChatTemplates() {}

  /**
   * @param found the model's templates by name
   * @param options the load options
   * @return {@code found}, with {@code "default"} replaced by the explicit template if one was given
   */
  public static Map<String, String> orOverride(Map<String, String> found, LoadOptions options) {
    String explicit = options.backendOptions().get(OPTION);
    if (explicit == null) {
      return Map.copyOf(found);
    }
    Map<String, String> out = new LinkedHashMap<>(found);
    out.put("default", explicit);
    out.remove("tool_use"); // the model's variants belong to the model's template
    return Map.copyOf(out);
  }
}
