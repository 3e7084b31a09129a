package io.infer4j.runtime.tools;

/**
 * The shape of a Llama-family model, as the GGUF keys {@code llama.*} (or {@code qwen2.*}, ...)
 * state it.
 *
 * @param dim embedding length
 * @param layers block count
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention); divides {@code heads}
 * @param hiddenDim feed-forward length
 * @param contextLength context length written to the file
 * @param headSize width of one head: {@code dim / heads}, or wider as in Qwen3 0.6B (written as
 *     {@code attention.key_length})
 */
public record LlamaShape(
    int dim, int layers, int heads, int kvHeads, int hiddenDim, int contextLength, int headSize) {

  /** Quantized rows hold whole blocks of this many elements (Q8_0, Q4_0). */
  static final int BLOCK = 32;

  /**
   * @throws IllegalArgumentException naming the field if a count is not positive, heads do not
   *     divide, or a row length is not a multiple of 32
   */
  public LlamaShape {
    positive("dim", dim);
    positive("layers", layers);
    positive("heads", heads);
    positive("kvHeads", kvHeads);
    positive("hiddenDim", hiddenDim);
    positive("contextLength", contextLength);
    positive("headSize", headSize);
    if (heads % kvHeads != 0 || headSize % 2 != 0) {
      throw new IllegalArgumentException(
          "heads " + heads + " must be a multiple of kvHeads " + kvHeads + ", headSize " + headSize
              + " even");
    }
    if (dim % BLOCK != 0 || hiddenDim % BLOCK != 0) {
      throw new IllegalArgumentException(
          "dim " + dim + " and hiddenDim " + hiddenDim + " must be multiples of " + BLOCK);
    }
  }

  /** A shape whose heads are {@code dim / heads} wide. */
  public LlamaShape(int dim, int layers, int heads, int kvHeads, int hiddenDim, int contextLength) {
    this(dim, layers, heads, kvHeads, hiddenDim, contextLength, dividedHead(dim, heads));
  }

  private static int dividedHead(int dim, int heads) {
    positive("heads", heads);
    if (dim % heads != 0) {
      throw new IllegalArgumentException("heads " + heads + " must divide dim " + dim);
    }
    return dim / heads;
  }

  /** TinyLlama 1.1B: dim 2048, 22 layers, 32 heads, 4 KV heads, FFN 5632, context 2048. */
  public static LlamaShape tinyLlama() {
    return new LlamaShape(2048, 22, 32, 4, 5632, 2048);
  }

  /** Width of the query projection, {@code heads * headSize}. */
  public int queryDim() {
    return heads * headSize;
  }

  /** Whether the heads are {@code dim / heads} wide. */
  boolean dividedHeads() {
    return heads * headSize == dim;
  }

  /** Width of the key and value projections. */
  public int kvDim() {
    return headSize() * kvHeads;
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }
}
