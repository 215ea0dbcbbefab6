package io.slm4j.backend.openvino;

import java.nio.file.Path;

/**
 * The model folder could not be loaded: missing or unreadable files, a corrupt IR, an IR that is
 * not a stateful language model, or a tokenizer that does not compile.
 */
public class ModelLoadException extends OpenVinoLlmException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * @param path the folder or file at fault
   * @param message what is wrong with it
   * @param cause the underlying failure, or {@code null}
   */
  public ModelLoadException(Path path, String message, Throwable cause) {
    super(path + ": " + message, cause);
    this.path = path;
  }

  /** @return the folder or file at fault */
  public Path path() {
    return path;
  }
}
