package io.slm4j;

/**
 * Every session of the model stayed busy for the whole queue timeout ({@code Slm.Builder.queueTimeout}).
 * Nothing was generated; the call can be retried (a server answers 429 or 503).
 */
public class ModelBusyException extends Slm4jException {
  private static final long serialVersionUID = 1L;

  /** @param message what was busy and for how long */
  public ModelBusyException(String message) {
    super(message);
  }
}
