package io.infer4j.runtime;

import java.util.Objects;

/**
 * The shape of a Llama-family transformer.
 *
 * @param dim model width (embedding length)
 * @param hiddenDim feed-forward width
 * @param layers number of transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads ({@code heads} must be a multiple of it; fewer means GQA)
 * @param vocabSize tokens in the vocabulary (rows of the embedding and the classifier)
 * @param contextLength the most positions one session can hold (KV cache length)
 * @param ropeBase RoPE frequency base (theta), 10000 for Llama 2
 * @param rmsEps epsilon added inside RMSNorm's square root
 * @param rope how RoPE departs from the plain form ({@link RopeScaling#NONE} for Llama 2)
 * @param headSize width of one attention head: {@code dim / heads} for most models; Qwen3
 *     0.6B and 4B have wider heads ({@code heads * headSize} query width above {@code dim}, GGUF
 *     {@code attention.key_length})
 */
public record ModelConfig(
    int dim,
    int hiddenDim,
    int layers,
    int heads,
    int kvHeads,
    int vocabSize,
    int contextLength,
    float ropeBase,
    float rmsEps,
    RopeScaling rope,
    int headSize) {

  /**
   * The most positions a config may have: 2^24 = 16,777,216. Past every published model's trained
   * context (the longest, Llama 4 Scout's, is 10,485,760), so a larger value is a corrupt or hostile
   * file rather than a model; and the last position at which RoPE's {@code pos * frequency}, taken
   * in float32, still tells every position from the next (a float holds every integer up to 2^24
   * exactly).
   */
  public static final int MAX_CONTEXT_LENGTH = 1 << 24;

  /**
   * Checks the config.
   *
   * @throws IllegalArgumentException naming the field when a size is not positive, the context
   *     length is above {@link #MAX_CONTEXT_LENGTH}, the query width {@code heads * headSize} does
   *     not fit in an array, or RoPE rotates more dimensions than a head has
   * @throws NullPointerException if {@code rope} is null
   */
  public ModelConfig {
    positive("dim", dim);
    positive("hiddenDim", hiddenDim);
    positive("layers", layers);
    positive("heads", heads);
    positive("kvHeads", kvHeads);
    positive("vocabSize", vocabSize);
    positive("contextLength", contextLength);
    positive("headSize", headSize);
    if (contextLength > MAX_CONTEXT_LENGTH) {
      throw new IllegalArgumentException(tooLong("contextLength", contextLength));
    }
    if ((long) heads * headSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "heads " + heads + " x headSize " + headSize + " does not fit in an array");
    }
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "heads " + heads + " is not a multiple of kvHeads " + kvHeads);
    }
    if (!(ropeBase > 0) || !Float.isFinite(ropeBase)) {
      throw new IllegalArgumentException("ropeBase must be positive and finite: " + ropeBase);
    }
    if (!(rmsEps >= 0) || !Float.isFinite(rmsEps)) {
      throw new IllegalArgumentException("rmsEps must be non-negative and finite: " + rmsEps);
    }
    Objects.requireNonNull(rope, "rope");
    if (rope.dimensions() > headSize) {
      throw new IllegalArgumentException(
          "RoPE dimensions " + rope.dimensions() + " exceed the head size " + headSize);
    }
  }

  /**
   * A config whose heads are {@code dim / heads} wide.
   *
   * @param dim model width (embedding length)
   * @param hiddenDim feed-forward width
   * @param layers number of transformer blocks
   * @param heads query heads
   * @param kvHeads key/value heads; must divide {@code heads}
   * @param vocabSize tokens in the vocabulary
   * @param contextLength the most positions one session can hold, at most {@link
   *     #MAX_CONTEXT_LENGTH}
   * @param ropeBase RoPE frequency base (theta), positive and finite
   * @param rmsEps epsilon added inside RMSNorm's square root, at least 0
   * @param rope how RoPE departs from the plain form; not null
   * @throws IllegalArgumentException as the canonical constructor, and when the heads do not
   *     divide the width
   */
  public ModelConfig(
      int dim,
      int hiddenDim,
      int layers,
      int heads,
      int kvHeads,
      int vocabSize,
      int contextLength,
      float ropeBase,
      float rmsEps,
      RopeScaling rope) {
    this(
        dim,
        hiddenDim,
        layers,
        heads,
        kvHeads,
        vocabSize,
        contextLength,
        ropeBase,
        rmsEps,
        rope,
        dividedHead(dim, heads));
  }

  /**
   * A config with plain RoPE ({@link RopeScaling#NONE}) and heads {@code dim / heads} wide.
   *
   * @param dim model width (embedding length)
   * @param hiddenDim feed-forward width
   * @param layers number of transformer blocks
   * @param heads query heads
   * @param kvHeads key/value heads; must divide {@code heads}
   * @param vocabSize tokens in the vocabulary
   * @param contextLength the most positions one session can hold, at most {@link
   *     #MAX_CONTEXT_LENGTH}
   * @param ropeBase RoPE frequency base (theta), positive and finite
   * @param rmsEps epsilon added inside RMSNorm's square root, at least 0
   * @throws IllegalArgumentException as the canonical constructor, and when the heads do not
   *     divide the width
   */
  public ModelConfig(
      int dim,
      int hiddenDim,
      int layers,
      int heads,
      int kvHeads,
      int vocabSize,
      int contextLength,
      float ropeBase,
      float rmsEps) {
    this(
        dim,
        hiddenDim,
        layers,
        heads,
        kvHeads,
        vocabSize,
        contextLength,
        ropeBase,
        rmsEps,
        RopeScaling.NONE);
  }

  /**
   * "{@code name} = {@code length} is more than ..., at most {@value #MAX_CONTEXT_LENGTH}": the
   * start of every message refusing a context length above {@link #MAX_CONTEXT_LENGTH}.
   *
   * @param name the refused field or option, as the message should name it
   * @param length the refused context length, in positions
   * @return the message
   */
  public static String tooLong(String name, long length) {
    return name + " = " + length + " is more than any model's context: at most "
        + MAX_CONTEXT_LENGTH + " positions";
  }

  private static int dividedHead(int dim, int heads) {
    positive("heads", heads);
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
    }
    return dim / heads;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /**
   * {@return the width of the query projection and of the attention output, {@code heads *
   * headSize}}
   */
  public int queryDim() {
    return heads * headSize;
  }

  /** {@return the width of the key and value projections, {@code kvHeads * headSize}} */
  public int kvDim() {
    return kvHeads * headSize();
  }

  /**
   * {@return the dimensions of each head that RoPE rotates: {@link RopeScaling#dimensions}, or the
   * whole head when that is 0}
   */
  public int ropeDimensions() {
    return rope.dimensions() == 0 ? headSize() : rope.dimensions();
  }

  /**
   * {@return this config with another context length}
   *
   * @param length the new context length, 1 to {@link #MAX_CONTEXT_LENGTH} positions
   * @throws IllegalArgumentException naming {@code contextLength} when {@code length} is out of
   *     range
   */
  public ModelConfig withContextLength(int length) {
    return new ModelConfig(
        dim, hiddenDim, layers, heads, kvHeads, vocabSize, length, ropeBase, rmsEps, rope,
        headSize);
  }
}
