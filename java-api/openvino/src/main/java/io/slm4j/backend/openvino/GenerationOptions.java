package io.slm4j.backend.openvino;

/**
 * What to generate: how many new tokens, and greedy decoding or seeded sampling (temperature,
 * top-k, top-p). Immutable; build with {@link #builder()}.
 */
public final class GenerationOptions {
  private final int maxNewTokens;
  private final double temperature;
  private final int topK;
  private final double topP;
  private final long seed;
  private final boolean ignoreEos;

  private GenerationOptions(Builder b) {
    this.maxNewTokens = b.maxNewTokens;
    this.temperature = b.temperature;
    this.topK = b.topK;
    this.topP = b.topP;
    this.seed = b.seed;
    this.ignoreEos = b.ignoreEos;
  }

  /**
   * @param maxNewTokens how many tokens to generate at most
   * @return greedy decoding of at most {@code maxNewTokens} tokens
   */
  public static GenerationOptions greedy(int maxNewTokens) {
    return builder().maxNewTokens(maxNewTokens).build();
  }

  /** @return a builder: 256 new tokens, greedy, seed 0, stop on EOS */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the maximum number of new tokens */
  public int maxNewTokens() {
    return maxNewTokens;
  }

  /** @return the sampling temperature; 0 means greedy (argmax) */
  public double temperature() {
    return temperature;
  }

  /** @return top-k cut-off for sampling, 0 for none */
  public int topK() {
    return topK;
  }

  /** @return nucleus (top-p) cut-off for sampling, 1 for none */
  public double topP() {
    return topP;
  }

  /** @return the seed of the sampler's random numbers */
  public long seed() {
    return seed;
  }

  /** @return whether EOS tokens are ignored (generation runs to {@link #maxNewTokens()}) */
  public boolean ignoreEos() {
    return ignoreEos;
  }

  /** @return whether decoding is greedy */
  public boolean isGreedy() {
    return temperature == 0;
  }

  /** Builder of {@link GenerationOptions}. Not thread-safe. */
  public static final class Builder {
    private int maxNewTokens = 256;
    private double temperature = 0;
    private int topK = 0;
    private double topP = 1;
    private long seed = 0;
    private boolean ignoreEos = false;

    private Builder() {}

    /**
     * @param n maximum number of new tokens, at least 1
     * @return this builder
     */
    public Builder maxNewTokens(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + n);
      }
      this.maxNewTokens = n;
      return this;
    }

    /**
     * @param t sampling temperature, 0 (greedy) or more
     * @return this builder
     */
    public Builder temperature(double t) {
      if (!(t >= 0) || Double.isInfinite(t)) {
        throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + t);
      }
      this.temperature = t;
      return this;
    }

    /**
     * @param k keep only the k most likely tokens when sampling, 0 for no limit
     * @return this builder
     */
    public Builder topK(int k) {
      if (k < 0) {
        throw new IllegalArgumentException("topK must be >= 0, got " + k);
      }
      this.topK = k;
      return this;
    }

    /**
     * @param p keep the smallest set of tokens whose probability adds up to p, in (0, 1]
     * @return this builder
     */
    public Builder topP(double p) {
      if (!(p > 0 && p <= 1)) {
        throw new IllegalArgumentException("topP must be in (0, 1], got " + p);
      }
      this.topP = p;
      return this;
    }

    /**
     * @param seed seed of the sampler; the same seed, prompt and options give the same tokens
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @param ignore whether to keep generating past EOS tokens (benchmarks)
     * @return this builder
     */
    public Builder ignoreEos(boolean ignore) {
      this.ignoreEos = ignore;
      return this;
    }

    /** @return the options */
    public GenerationOptions build() {
      return new GenerationOptions(this);
    }
  }
}
