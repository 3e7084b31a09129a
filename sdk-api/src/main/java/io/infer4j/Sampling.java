package io.infer4j;

import java.util.List;

/**
 * How tokens are chosen and when generation stops.
 *
 * @param maxTokens most tokens to generate, {@code >= 0}; generation ends with
 *     {@link FinishReason#LENGTH} when reached
 * @param temperature in {@code [0, 2]}; 0 means greedy (always the most likely token)
 * @param topP nucleus sampling mass in {@code (0, 1]}; 1 disables it
 * @param topK keep only the k most likely tokens, {@code >= 0}; 0 disables it
 * @param minP drop tokens below {@code minP} times the top probability, in {@code [0, 1]}; 0
 *     disables it
 * @param seed seed for reproducible sampling, or {@code null} for a random one
 * @param stop strings that end generation when produced (not included in the text); at most 16,
 *     none empty
 */
public record Sampling(
    int maxTokens, double temperature, double topP, int topK, double minP, Long seed, List<String> stop) {

  /** The default number of tokens to generate when a request does not say. */
  public static final int DEFAULT_MAX_TOKENS = 256;

  /** At most this many stop strings (OpenAI allows 4; local engines allow more). */
  public static final int MAX_STOP_STRINGS = 16;

  /**
   * Defaults: 256 tokens, temperature 1, no top-p/top-k/min-p filtering, random seed. Start here and
   * change what you need: {@code Sampling.DEFAULT.withTopP(0.9).withSeed(42L)}.
   */
  public static final Sampling DEFAULT =
      new Sampling(DEFAULT_MAX_TOKENS, 1.0, 1.0, 0, 0.0, null, List.of());

  /**
   * Validates the parameters; a {@code null} stop list becomes empty and the list is copied.
   *
   * @throws InvalidRequestException naming the first parameter out of its range (see the record's
   *     components), or a stop string that is {@code null} or empty
   */
  public Sampling {
    if (maxTokens < 0) {
      throw new InvalidRequestException("sampling.maxTokens", "must be >= 0, was " + maxTokens);
    }
    if (!(temperature >= 0.0 && temperature <= 2.0)) {
      throw new InvalidRequestException(
          "sampling.temperature", "must be in [0, 2], was " + temperature);
    }
    if (!(topP > 0.0 && topP <= 1.0)) {
      throw new InvalidRequestException("sampling.topP", "must be in (0, 1], was " + topP);
    }
    if (topK < 0) {
      throw new InvalidRequestException("sampling.topK", "must be >= 0 (0 = off), was " + topK);
    }
    if (!(minP >= 0.0 && minP <= 1.0)) {
      throw new InvalidRequestException("sampling.minP", "must be in [0, 1], was " + minP);
    }
    if (stop == null) {
      stop = List.of();
    }
    if (stop.size() > MAX_STOP_STRINGS) {
      throw new InvalidRequestException(
          "sampling.stop", "at most " + MAX_STOP_STRINGS + " stop strings, was " + stop.size());
    }
    for (int i = 0; i < stop.size(); i++) {
      String s = stop.get(i);
      if (s == null || s.isEmpty()) {
        throw new InvalidRequestException("sampling.stop[" + i + "]", "must not be null or empty");
      }
    }
    stop = List.copyOf(stop); // no nulls here: checked above
  }

  /** {@return the defaults with temperature 0: always the most likely token} */
  public static Sampling greedy() {
    return DEFAULT.withTemperature(0.0);
  }

  /**
   * {@return this sampling with {@code maxTokens} tokens at most}
   *
   * @param newMaxTokens most tokens to generate, {@code >= 0}
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withMaxTokens(int newMaxTokens) {
    return new Sampling(newMaxTokens, temperature, topP, topK, minP, seed, stop);
  }

  /**
   * {@return this sampling at {@code newTemperature}; 0 is greedy}
   *
   * @param newTemperature in {@code [0, 2]}
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withTemperature(double newTemperature) {
    return new Sampling(maxTokens, newTemperature, topP, topK, minP, seed, stop);
  }

  /**
   * {@return this sampling with nucleus mass {@code newTopP}; 1 disables it}
   *
   * @param newTopP nucleus mass in {@code (0, 1]}
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withTopP(double newTopP) {
    return new Sampling(maxTokens, temperature, newTopP, topK, minP, seed, stop);
  }

  /**
   * {@return this sampling keeping the {@code newTopK} most likely tokens; 0 disables it}
   *
   * @param newTopK how many tokens to keep, {@code >= 0}
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withTopK(int newTopK) {
    return new Sampling(maxTokens, temperature, topP, newTopK, minP, seed, stop);
  }

  /**
   * {@return this sampling with min-p filtering at {@code newMinP}; 0 disables it}
   *
   * @param newMinP fraction of the top probability, in {@code [0, 1]}
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withMinP(double newMinP) {
    return new Sampling(maxTokens, temperature, topP, topK, newMinP, seed, stop);
  }

  /**
   * {@return this sampling with a seed for reproducible sampling; {@code null} for a random one}
   *
   * @param newSeed the seed, or {@code null}
   */
  public Sampling withSeed(Long newSeed) {
    return new Sampling(maxTokens, temperature, topP, topK, minP, newSeed, stop);
  }

  /**
   * {@return this sampling stopping at any of {@code newStop} (replacing the stop strings it had)}
   *
   * @param newStop at most 16 strings, none {@code null} or empty; none for no stop string
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withStop(String... newStop) {
    // Arrays.asList keeps nulls, so the constructor reports one by its index
    return withStop(java.util.Arrays.asList(newStop.clone()));
  }

  /**
   * {@return this sampling stopping at any of {@code newStop} (replacing the stop strings it had)}
   *
   * @param newStop at most 16 strings, none {@code null} or empty; empty or {@code null} for
   *     none
   * @throws InvalidRequestException if the value is out of range
   */
  public Sampling withStop(List<String> newStop) {
    return new Sampling(maxTokens, temperature, topP, topK, minP, seed, newStop);
  }

  /** {@return whether sampling is greedy (temperature 0)} */
  public boolean isGreedy() {
    return temperature == 0.0;
  }
}
