package io.slm4j;

/**
 * Receives generated text as it is produced. Called on the generating thread, in order, and
 * generation waits while it runs. Each call carries whole characters (never half of a UTF-8
 * sequence) and never any part of a stop string. If it throws, generation stops and the call that
 * started it throws {@link GenerationException} with the listener's exception as the cause.
 */
@FunctionalInterface
public interface TokenListener {
  /** @param text the next piece of output, possibly spanning several tokens; never empty */
  void onToken(String text);
}
