package io.infer4j.runtime.shape;

import io.infer4j.runtime.ModelConfig;
import java.util.Objects;

/**
 * The shape of a Llama-family decoder (Llama 2/3, TinyLlama, Mixtral): everything a planner needs
 * to place a model and predict its speed, and nothing about its weights. Build one from a catalog
 * name ({@link ModelCatalog}), by hand, or from a loaded model's {@link ModelConfig} ({@link #of}).
 *
 * <p>A dense model has {@code experts == activeExperts == 1}; a mixture-of-experts model has
 * {@code experts} feed-forward blocks per layer of which {@code activeExperts} run per token.
 * Parameter counts are derived from the shape, never stored, so a shape read from a model file
 * gives the same figures as the catalog. Immutable and thread-safe; an invalid shape is rejected
 * with an {@link IllegalArgumentException} naming the field.
 *
 * <p>The head dimension is explicit because newer architectures decouple it from the model width:
 * Qwen3-32B has 64 heads of 128 over a width of 5120 (query width 8192), gpt-oss 64 heads of 64
 * over 2880 (4096). Every attention size (projection weights, KV cache, attention work) is derived
 * from {@link #headDim}, never from {@code dim / heads}. The constructors and factories without a
 * head dimension keep the Llama convention {@code headDim = dim / heads}.
 *
 * @param name the model id ({@code llama-2-70b})
 * @param layers decoder layers
 * @param dim model width (d_model, the embedding length)
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than {@code heads}); must
 *     divide {@code heads}
 * @param headDim width of one attention head (query, key and value alike); {@code heads *
 *     headDim} is the query width, which need not equal {@code dim}
 * @param ffnHidden hidden width of one SwiGLU feed-forward block (one expert)
 * @param vocab vocabulary size
 * @param experts feed-forward experts per layer (1 for a dense model)
 * @param activeExperts experts run per token (1 for a dense model)
 * @param tiedEmbeddings whether the output projection shares the token-embedding matrix
 * @param maxContext longest context the model was trained for, in tokens
 */
public record ModelShape(
    String name,
    int layers,
    int dim,
    int heads,
    int kvHeads,
    int headDim,
    int ffnHidden,
    int vocab,
    int experts,
    int activeExperts,
    boolean tiedEmbeddings,
    int maxContext) {

  /**
   * Checks the shape.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException naming the field when {@code name} is blank, a size is not
   *     positive, {@code kvHeads} does not divide {@code heads}, or {@code activeExperts} exceeds
   *     {@code experts}
   */
  public ModelShape {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    positive(name, "layers", layers);
    positive(name, "dim", dim);
    positive(name, "heads", heads);
    positive(name, "kvHeads", kvHeads);
    positive(name, "headDim", headDim);
    positive(name, "ffnHidden", ffnHidden);
    positive(name, "vocab", vocab);
    positive(name, "experts", experts);
    positive(name, "activeExperts", activeExperts);
    positive(name, "maxContext", maxContext);
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          name + ": heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
    }
    if (activeExperts > experts) {
      throw new IllegalArgumentException(name + ": activeExperts (" + activeExperts
          + ") must not exceed experts (" + experts + ")");
    }
  }

  /**
   * A shape whose head dimension is {@code dim / heads} (the Llama convention), in the argument
   * order the catalog used before the head dimension was explicit.
   *
   * @param name the model id ({@code llama-2-70b})
   * @param layers decoder layers
   * @param dim model width (d_model)
   * @param heads query heads
   * @param kvHeads key/value heads; must divide {@code heads}
   * @param ffnHidden hidden width of one SwiGLU feed-forward block
   * @param vocab vocabulary size
   * @param experts feed-forward experts per layer (1 for a dense model)
   * @param activeExperts experts run per token, at most {@code experts}
   * @param tiedEmbeddings whether the output projection shares the token-embedding matrix
   * @param maxContext longest context the model was trained for, in tokens
   * @throws IllegalArgumentException also when {@code heads} does not divide {@code dim}
   */
  public ModelShape(
      String name, int layers, int dim, int heads, int kvHeads, int ffnHidden, int vocab,
      int experts, int activeExperts, boolean tiedEmbeddings, int maxContext) {
    this(name, layers, dim, heads, kvHeads, llamaHeadDim(name, dim, heads), ffnHidden, vocab,
        experts, activeExperts, tiedEmbeddings, maxContext);
  }

  /** {@code dim / heads}, rejecting a width the heads do not divide. */
  private static int llamaHeadDim(String name, int dim, int heads) {
    positive(String.valueOf(name), "dim", dim);
    positive(String.valueOf(name), "heads", heads);
    if (dim % heads != 0) {
      throw new IllegalArgumentException(name + ": dim (" + dim + ") must be a multiple of heads ("
          + heads + ") unless the head dimension is given");
    }
    return dim / heads;
  }

  private static void positive(String name, String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + field + " must be positive: " + value);
    }
  }

  /**
   * {@return a dense (one expert) model with {@code headDim = dim / heads}}
   *
   * @param name the model id ({@code llama-2-70b})
   * @param layers decoder layers
   * @param dim model width (d_model)
   * @param heads query heads
   * @param kvHeads key/value heads; must divide {@code heads}
   * @param ffnHidden hidden width of one SwiGLU feed-forward block
   * @param vocab vocabulary size
   * @param tiedEmbeddings whether the output projection shares the token-embedding matrix
   * @param maxContext longest context the model was trained for, in tokens
   * @throws IllegalArgumentException as the canonical constructor, and when {@code heads} does not
   *     divide {@code dim}
   */
  public static ModelShape dense(
      String name, int layers, int dim, int heads, int kvHeads, int ffnHidden, int vocab,
      boolean tiedEmbeddings, int maxContext) {
    return new ModelShape(
        name, layers, dim, heads, kvHeads, ffnHidden, vocab, 1, 1, tiedEmbeddings, maxContext);
  }

  /**
   * {@return a dense (one expert) model with an explicit head dimension}
   *
   * @param name the model id ({@code llama-2-70b})
   * @param layers decoder layers
   * @param dim model width (d_model)
   * @param heads query heads
   * @param kvHeads key/value heads; must divide {@code heads}
   * @param headDim width of one attention head
   * @param ffnHidden hidden width of one SwiGLU feed-forward block
   * @param vocab vocabulary size
   * @param tiedEmbeddings whether the output projection shares the token-embedding matrix
   * @param maxContext longest context the model was trained for, in tokens
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static ModelShape dense(
      String name, int layers, int dim, int heads, int kvHeads, int headDim, int ffnHidden,
      int vocab, boolean tiedEmbeddings, int maxContext) {
    return new ModelShape(name, layers, dim, heads, kvHeads, headDim, ffnHidden, vocab, 1, 1,
        tiedEmbeddings, maxContext);
  }

  /**
   * {@return a mixture-of-experts model with an explicit head dimension}
   *
   * @param name the model id ({@code llama-2-70b})
   * @param layers decoder layers
   * @param dim model width (d_model)
   * @param heads query heads
   * @param kvHeads key/value heads; must divide {@code heads}
   * @param headDim width of one attention head
   * @param expertHidden hidden width of one routed expert ({@code moe_intermediate_size}, or {@code
   *     intermediate_size} where a config has no separate figure)
   * @param vocab vocabulary size
   * @param experts feed-forward experts per layer (1 for a dense model)
   * @param activeExperts experts run per token, at most {@code experts}
   * @param tiedEmbeddings whether the output projection shares the token-embedding matrix
   * @param maxContext longest context the model was trained for, in tokens
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static ModelShape mixtureOfExperts(
      String name, int layers, int dim, int heads, int kvHeads, int headDim, int expertHidden,
      int vocab, int experts, int activeExperts, boolean tiedEmbeddings, int maxContext) {
    return new ModelShape(name, layers, dim, heads, kvHeads, headDim, expertHidden, vocab, experts,
        activeExperts, tiedEmbeddings, maxContext);
  }

  /**
   * {@return the shape of a loaded dense Llama model: its config's sizes, with the config's context length
   * (the one in effect, after any override) as {@code maxContext}}
   *
   * @param name the model id to report
   * @param config the loaded model's sizes
   * @param tiedEmbeddings whether the file's classifier is the token embedding
   */
  public static ModelShape of(String name, ModelConfig config, boolean tiedEmbeddings) {
    Objects.requireNonNull(config, "config");
    return dense(name, config.layers(), config.dim(), config.heads(), config.kvHeads(),
        config.headSize(), config.hiddenDim(), config.vocabSize(), tiedEmbeddings,
        config.contextLength());
  }

  /** {@return whether this is a mixture-of-experts model} */
  public boolean isMixtureOfExperts() {
    return experts > 1;
  }

  /**
   * {@return the width of the query projection's output (and the output projection's input):
   * heads x headDim}
   */
  public long queryWidth() {
    return (long) heads * headDim;
  }

  /** {@return the width of the key (or value) projection's output: kvHeads x headDim} */
  public long kvWidth() {
    return (long) kvHeads * headDim;
  }

  /**
   * {@return the weights of one layer's attention: wq (dim x queryWidth), wo (queryWidth x dim), wk
   * and wv (dim x kvWidth)} Projection biases, QK norms and attention sinks (at most about ten
   * thousand values per layer in the catalog's models) are not counted.
   */
  public long attentionParameters() {
    return 2L * dim * queryWidth() + 2L * dim * kvWidth();
  }

  /** {@return one SwiGLU feed-forward block (one expert): gate, up (dim x ffn), down (ffn x dim)} */
  public long expertParameters() {
    return 3L * dim * ffnHidden;
  }

  /** {@return the weights of the MoE router of one layer (dim x experts); 0 for a dense model} */
  public long routerParameters() {
    return isMixtureOfExperts() ? (long) dim * experts : 0L;
  }

  /** {@return the two RMSNorm weight vectors of one layer (attention and feed-forward norms)} */
  public long normParameters() {
    return 2L * dim;
  }

  /** {@return all weights of one decoder layer: attention, every expert, router and the two norms} */
  public long layerParameters() {
    return attentionParameters() + experts * expertParameters() + routerParameters()
        + normParameters();
  }

  /**
   * {@return the weights one token touches in one layer: attention, the active experts, router,
   * norms}
   */
  public long activeLayerParameters() {
    return attentionParameters() + activeExperts * expertParameters() + routerParameters()
        + normParameters();
  }

  /** {@return the token-embedding table (vocab x dim)} */
  public long tokenEmbeddingParameters() {
    return (long) vocab * dim;
  }

  /**
   * {@return the weights of the output projection (vocab x dim), counted even when shared with the
   * embedding}
   */
  public long outputParameters() {
    return (long) vocab * dim;
  }

  /**
   * {@return the weights outside the layers: token embedding, output projection (unless tied),
   * final norm}
   */
  public long nonLayerParameters() {
    long table = tokenEmbeddingParameters();
    return (tiedEmbeddings ? table : table + outputParameters()) + dim;
  }

  /** {@return all weights of the model} */
  public long parameterCount() {
    return layers * layerParameters() + nonLayerParameters();
  }

  /** {@return the weights one token touches: all layers' active weights plus the non-layer ones} */
  public long activeParameterCount() {
    return layers * activeLayerParameters() + nonLayerParameters();
  }

  /** {@return the KV-cache values one token adds to one layer: keys and values of every KV head} */
  public long kvValuesPerTokenPerLayer() {
    return 2L * kvWidth();
  }

  /** {@return the KV-cache values one token adds across all layers} */
  public long kvValuesPerToken() {
    return layers * kvValuesPerTokenPerLayer();
  }
}
