package io.slm4j;

import java.util.List;
import java.util.OptionalLong;

/**
 * How to generate: an immutable value, validated when built, with the same meaning on every backend
 * (sampling, stop strings and token counting run in slm4j's Java code, not in the runtimes).
 *
 * <p>Sampling order: repetition penalty, then greedy (argmax) when {@link #greedy()} or temperature
 * is 0; otherwise top-k, temperature, top-p, min-p, and a draw from a generator seeded with
 * {@link #seed()}.
 */
public final class GenerationConfig {
  private static final GenerationConfig DEFAULTS = builder().build();
  private static final GenerationConfig GREEDY = builder().greedy().build();

  private final int maxTokens;
  private final double temperature;
  private final int topK;
  private final double topP;
  private final double minP;
  private final double repetitionPenalty;
  private final int repetitionWindow;
  private final Long seed;
  private final List<String> stopStrings;
  private final boolean greedy;

  private GenerationConfig(Builder b) {
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.topK = b.topK;
    this.topP = b.topP;
    this.minP = b.minP;
    this.repetitionPenalty = b.repetitionPenalty;
    this.repetitionWindow = b.repetitionWindow;
    this.seed = b.seed;
    this.stopStrings = List.copyOf(b.stopStrings);
    this.greedy = b.greedy || b.temperature == 0;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the defaults: 256 tokens, temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, random seed */
  public static GenerationConfig defaults() {
    return DEFAULTS;
  }

  /** @return greedy decoding of at most 256 tokens */
  public static GenerationConfig greedyDefaults() {
    return GREEDY;
  }

  /** @return a builder holding this configuration's values */
  public Builder toBuilder() {
    Builder b = new Builder().maxTokens(maxTokens).topK(topK).topP(topP).minP(minP)
        .repetitionPenalty(repetitionPenalty).repetitionWindow(repetitionWindow).stopStrings(stopStrings);
    b.temperature = temperature;
    b.seed = seed;
    b.greedy = greedy;
    return b;
  }

  /** @return the most tokens to generate (end-of-sequence tokens are not counted: they end it) */
  public int maxTokens() {
    return maxTokens;
  }

  /** @return the softmax temperature; 0 means greedy */
  public double temperature() {
    return temperature;
  }

  /** @return keep only the k most likely tokens; 0 disables the filter */
  public int topK() {
    return topK;
  }

  /** @return nucleus sampling mass; 1 disables the filter */
  public double topP() {
    return topP;
  }

  /** @return drop tokens less likely than this fraction of the most likely one; 0 disables */
  public double minP() {
    return minP;
  }

  /** @return the repetition penalty (1 = none), applied like llama.cpp and Hugging Face do */
  public double repetitionPenalty() {
    return repetitionPenalty;
  }

  /** @return how many of the most recent tokens the repetition penalty looks at */
  public int repetitionWindow() {
    return repetitionWindow;
  }

  /** @return the sampling seed; empty means a fresh random seed per call */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** @return strings that end generation; they never appear in the output */
  public List<String> stopStrings() {
    return stopStrings;
  }

  /** @return whether the most likely token is always taken */
  public boolean greedy() {
    return greedy;
  }

  @Override
  public String toString() {
    return "GenerationConfig[maxTokens=" + maxTokens + ", greedy=" + greedy + ", temperature=" + temperature
        + ", topK=" + topK + ", topP=" + topP + ", minP=" + minP + ", repetitionPenalty=" + repetitionPenalty
        + ", seed=" + seed + ", stopStrings=" + stopStrings + "]";
  }

  /** Builds a {@link GenerationConfig}; every setter validates its argument at once. Not thread-safe. */
  public static final class Builder {
    private int maxTokens = 256;
    private double temperature = 0.8;
    private int topK = 40;
    private double topP = 0.95;
    private double minP = 0.05;
    private double repetitionPenalty = 1.0;
    private int repetitionWindow = 64;
    private Long seed;
    private List<String> stopStrings = List.of();
    private boolean greedy;

    private Builder() {}

    /**
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxTokens(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxTokens must be at least 1, got " + n);
      }
      maxTokens = n;
      return this;
    }

    /**
     * @param t a finite value, 0 (greedy) or more
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder temperature(double t) {
      if (!(t >= 0) || Double.isInfinite(t)) {
        throw new IllegalArgumentException("temperature must be finite and >= 0, got " + t);
      }
      temperature = t;
      greedy = false;
      return this;
    }

    /**
     * @param k 0 (off) or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder topK(int k) {
      if (k < 0) {
        throw new IllegalArgumentException("topK must be >= 0 (0 disables it), got " + k);
      }
      topK = k;
      return this;
    }

    /**
     * @param p in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder topP(double p) {
      if (!(p > 0 && p <= 1)) {
        throw new IllegalArgumentException("topP must be in (0, 1], got " + p);
      }
      topP = p;
      return this;
    }

    /**
     * @param p in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1)
     */
    public Builder minP(double p) {
      if (!(p >= 0 && p < 1)) {
        throw new IllegalArgumentException("minP must be in [0, 1), got " + p);
      }
      minP = p;
      return this;
    }

    /**
     * @param penalty a finite value > 0; 1 means none
     * @return this builder
     * @throws IllegalArgumentException if not finite or not positive
     */
    public Builder repetitionPenalty(double penalty) {
      if (!(penalty > 0) || Double.isInfinite(penalty)) {
        throw new IllegalArgumentException("repetitionPenalty must be finite and > 0, got " + penalty);
      }
      repetitionPenalty = penalty;
      return this;
    }

    /**
     * @param n how many recent tokens the repetition penalty considers, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder repetitionWindow(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("repetitionWindow must be at least 1, got " + n);
      }
      repetitionWindow = n;
      return this;
    }

    /**
     * @param s the seed; the same seed, prompt and model give the same output
     * @return this builder
     */
    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /**
     * @param stops non-empty strings, at most 16
     * @return this builder
     * @throws IllegalArgumentException if one is null or empty, or there are more than 16
     */
    public Builder stopStrings(List<String> stops) {
      if (stops == null || stops.size() > 16) {
        throw new IllegalArgumentException("stopStrings: between 0 and 16 strings, got " + stops);
      }
      for (String s : stops) {
        if (s == null || s.isEmpty()) {
          throw new IllegalArgumentException("stop strings must not be null or empty: " + stops);
        }
      }
      stopStrings = List.copyOf(stops);
      return this;
    }

    /**
     * @param stops non-empty strings
     * @return this builder
     * @throws IllegalArgumentException if one is null or empty
     */
    public Builder stopStrings(String... stops) {
      return stopStrings(stops == null ? null : java.util.Arrays.asList(stops));
    }

    /** @return this builder, set to always take the most likely token */
    public Builder greedy() {
      greedy = true;
      return this;
    }

    /** @return the configuration */
    public GenerationConfig build() {
      return new GenerationConfig(this);
    }
  }
}
