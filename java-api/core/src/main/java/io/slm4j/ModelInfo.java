package io.slm4j;

/**
 * What a loaded model is.
 *
 * @param architecture the architecture name the model declares, for example {@code qwen2}
 * @param parameterCount the number of weights, or -1 when the backend cannot tell
 * @param quantization the weight type, for example {@code F32} or {@code Q4_1}
 * @param contextLength the context length the model was trained for
 * @param chatTemplate the model's chat template (Jinja text), or {@code null} if it has none
 * @param backend the backend id that loaded it
 * @param device the device it runs on
 */
public record ModelInfo(String architecture, long parameterCount, String quantization, int contextLength,
    String chatTemplate, String backend, Device device) {

  /** Size classes of the model zoo. */
  public enum SizeClass {
    /** under 1.5 billion parameters (or unknown) */
    MICRO,
    /** 1.5 to 14 billion */
    SMALL,
    /** 14 to 30 billion */
    MEDIUM,
    /** over 30 billion */
    LARGE
  }

  /** @return the size class from {@link #parameterCount()}; {@code MICRO} when unknown */
  public SizeClass sizeClass() {
    if (parameterCount < 1_500_000_000L) {
      return SizeClass.MICRO;
    }
    if (parameterCount < 14_000_000_000L) {
      return SizeClass.SMALL;
    }
    return parameterCount < 30_000_000_000L ? SizeClass.MEDIUM : SizeClass.LARGE;
  }
}
