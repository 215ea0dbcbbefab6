package io.slm4j;

import java.util.Objects;

/**
 * A function the model may call in a chat: rendered into the model's chat template as the
 * {@code tools} list Hugging Face templates expect, and used to constrain the call's arguments.
 *
 * @param name the function name
 * @param description what it does, for the model
 * @param parametersSchema the JSON Schema of its arguments object, as JSON text
 */
public record Tool(String name, String description, String parametersSchema) {
  /** Validates. */
  public Tool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parametersSchema, "parametersSchema");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tool needs a name");
    }
  }
}
