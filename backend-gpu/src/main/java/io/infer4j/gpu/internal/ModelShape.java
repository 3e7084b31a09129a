package io.infer4j.gpu.internal;

import java.util.Objects;

/**
 * The shape of a Llama-family (or Mixtral) decoder: everything the timing model needs, no weights.
 *
 * <p>Parameter counts are derived from the shape, never stored, so a shape read later from GGUF
 * metadata gives the same figures as the catalog. Dense models have {@code experts == 1} and
 * {@code activeExperts == 1}.
 *
 * @param name catalog id, e.g. {@code llama-2-7b}
 * @param layers decoder layers
 * @param dim model width (d_model)
 * @param heads query heads; {@code dim} must divide evenly
 * @param kvHeads key/value heads (GQA); divides {@code heads}
 * @param ffnHidden hidden width of one SwiGLU feed-forward (one expert for MoE)
 * @param vocab vocabulary size
 * @param maxContext longest context the model was trained for, in tokens
 * @param experts feed-forward experts per layer (1 for dense)
 * @param activeExperts experts each token is routed to (1 for dense)
 * @param tiedEmbeddings whether the LM head reuses the token-embedding matrix
 */
public record ModelShape(
    String name,
    int layers,
    int dim,
    int heads,
    int kvHeads,
    int ffnHidden,
    int vocab,
    int maxContext,
    int experts,
    int activeExperts,
    boolean tiedEmbeddings) {

  public ModelShape {
    Objects.requireNonNull(name, "name");
    positive("layers", layers);
    positive("dim", dim);
    positive("heads", heads);
    positive("kvHeads", kvHeads);
    positive("ffnHidden", ffnHidden);
    positive("vocab", vocab);
    positive("maxContext", maxContext);
    positive("experts", experts);
    positive("activeExperts", activeExperts);
    if (dim % heads != 0) {
      throw new IllegalArgumentException(name + ": dim " + dim + " is not a multiple of heads " + heads);
    }
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(name + ": heads " + heads + " is not a multiple of kvHeads " + kvHeads);
    }
    if (activeExperts > experts) {
      throw new IllegalArgumentException(
          name + ": activeExperts " + activeExperts + " exceeds experts " + experts);
    }
  }

  /** A dense (non-MoE) shape with untied embeddings. */
  public static ModelShape dense(
      String name, int layers, int dim, int heads, int kvHeads, int ffnHidden, int vocab, int maxContext) {
    return new ModelShape(name, layers, dim, heads, kvHeads, ffnHidden, vocab, maxContext, 1, 1, false);
  }

  /** Width of one attention head. */
  public int headDim() {
    return dim / heads;
  }

  /** Weights of one layer's attention projections: Wq, Wk, Wv (dim x kv), Wo. */
  public long attentionParamsPerLayer() {
    long kvWidth = (long) kvHeads * headDim();
    return 2L * dim * dim + 2L * dim * kvWidth;
  }

  /** Weights of one expert's SwiGLU feed-forward: gate, up (dim x ffn) and down (ffn x dim). */
  public long ffnParamsPerExpert() {
    return 3L * dim * ffnHidden;
  }

  /** Router weights of one MoE layer (dim x experts); 0 for dense models. */
  public long routerParamsPerLayer() {
    return experts > 1 ? (long) dim * experts : 0L;
  }

  /** The two RMSNorm weight vectors of one layer. */
  public long normParamsPerLayer() {
    return 2L * dim;
  }

  /** Parameters of one layer, all experts included. */
  public long paramsPerLayer() {
    return attentionParamsPerLayer()
        + experts * ffnParamsPerExpert()
        + routerParamsPerLayer()
        + normParamsPerLayer();
  }

  /** Token-embedding table (vocab x dim). */
  public long embeddingParams() {
    return (long) vocab * dim;
  }

  /** LM head (dim x vocab); 0 when tied to the embedding table. */
  public long lmHeadParams() {
    return tiedEmbeddings ? 0L : (long) vocab * dim;
  }

  /** All parameters: embedding, layers, final norm, LM head. */
  public long totalParams() {
    return embeddingParams() + layers * paramsPerLayer() + dim + lmHeadParams();
  }

  /** Parameters one token touches: attention, its active experts, router, norms, LM head. */
  public long activeParamsPerToken() {
    long perLayer =
        attentionParamsPerLayer()
            + activeExperts * ffnParamsPerExpert()
            + routerParamsPerLayer()
            + normParamsPerLayer();
    return layers * perLayer + dim + (long) vocab * dim;
  }

  /** Elements of K and V cached per token across all layers. */
  public long kvElementsPerToken() {
    return 2L * layers * kvHeads * headDim();
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive: " + value);
    }
  }
}
