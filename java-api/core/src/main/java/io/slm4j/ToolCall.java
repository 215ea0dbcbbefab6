package io.slm4j;

import java.util.Objects;

/**
 * A call of a {@link Tool} that the model made.
 *
 * @param id the call's id, echoed by the {@code tool} message that answers it
 * @param name the tool's name
 * @param arguments the arguments object, as JSON text
 */
public record ToolCall(String id, String name, String arguments) {
  /** Validates. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}
