package io.slm4j;

/** The backend or device asked for (or needed by the model format) is not on the class path or not on this machine; the message names the artifact to add or the devices that exist. */
public class BackendUnavailableException extends Slm4jException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public BackendUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
