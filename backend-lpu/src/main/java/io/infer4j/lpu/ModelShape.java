package io.infer4j.lpu;

import io.infer4j.runtime.ModelConfig;
import java.util.Objects;

/**
 * The shape of a Llama-family decoder (Llama 2/3, Mixtral): everything the LPU compiler needs to
 * place and schedule a model, and nothing about its weights. Build one from a catalog name
 * ({@link ModelCatalog}), by hand, or from a loaded model's {@link ModelConfig} ({@link #of}).
 *
 * <p>A dense model has {@code experts == activeExperts == 1}; a mixture-of-experts model has
 * {@code experts} feed-forward blocks per layer of which {@code activeExperts} run per token.
 * Parameter counts are derived from the shape. Immutable; invalid shapes are rejected with an
 * {@link IllegalArgumentException} naming the field.
 *
 * @param name the model id ({@code llama-2-70b})
 * @param layers decoder layers
 * @param dModel hidden size (embedding width)
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than {@code heads})
 * @param ffnHidden hidden size of one SwiGLU feed-forward block (one expert)
 * @param vocab vocabulary size
 * @param experts feed-forward experts per layer (1 for a dense model)
 * @param activeExperts experts run per token (1 for a dense model)
 * @param tiedEmbeddings whether the output projection shares the token-embedding matrix
 * @param maxContext longest context the model was trained for, in tokens
 */
public record ModelShape(
    String name,
    int layers,
    int dModel,
    int heads,
    int kvHeads,
    int ffnHidden,
    int vocab,
    int experts,
    int activeExperts,
    boolean tiedEmbeddings,
    int maxContext) {

  public ModelShape {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    positive("layers", layers);
    positive("dModel", dModel);
    positive("heads", heads);
    positive("kvHeads", kvHeads);
    positive("ffnHidden", ffnHidden);
    positive("vocab", vocab);
    positive("experts", experts);
    positive("activeExperts", activeExperts);
    positive("maxContext", maxContext);
    if (dModel % heads != 0) {
      throw new IllegalArgumentException(
          "dModel (" + dModel + ") must be a multiple of heads (" + heads + ")");
    }
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
    }
    if (activeExperts > experts) {
      throw new IllegalArgumentException(
          "activeExperts (" + activeExperts + ") must not exceed experts (" + experts + ")");
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive: " + value);
    }
  }

  /** A dense (one expert) model. */
  public static ModelShape dense(
      String name, int layers, int dModel, int heads, int kvHeads, int ffnHidden, int vocab,
      boolean tiedEmbeddings, int maxContext) {
    return new ModelShape(
        name, layers, dModel, heads, kvHeads, ffnHidden, vocab, 1, 1, tiedEmbeddings, maxContext);
  }

  /**
   * The shape of a loaded dense Llama model: its config's sizes, with the config's context length
   * (the one in effect, after any override) as {@code maxContext}.
   *
   * @param name the model id to report
   * @param tiedEmbeddings whether the file's classifier is the token embedding
   */
  public static ModelShape of(String name, ModelConfig config, boolean tiedEmbeddings) {
    Objects.requireNonNull(config, "config");
    return dense(name, config.layers(), config.dim(), config.heads(), config.kvHeads(),
        config.hiddenDim(), config.vocabSize(), tiedEmbeddings, config.contextLength());
  }

  /** Whether this is a mixture-of-experts model. */
  public boolean isMixtureOfExperts() {
    return experts > 1;
  }

  /** Width of one attention head. */
  public int headDim() {
    return dModel / heads;
  }

  /** Weights of one layer's attention: wq and wo (d x d), wk and wv (d x kvHeads*headDim). */
  public long attentionParameters() {
    long kvWidth = (long) kvHeads * headDim();
    return 2L * dModel * dModel + 2L * dModel * kvWidth;
  }

  /** Weights of one SwiGLU feed-forward block (one expert): w1, w3 (d x ffn) and w2 (ffn x d). */
  public long expertParameters() {
    return 3L * dModel * ffnHidden;
  }

  /** Weights of the MoE router of one layer (d x experts); 0 for a dense model. */
  public long routerParameters() {
    return isMixtureOfExperts() ? (long) dModel * experts : 0L;
  }

  /** All weights of one decoder layer: attention, every expert, router and the two norms. */
  public long layerParameters() {
    return attentionParameters() + experts * expertParameters() + routerParameters() + 2L * dModel;
  }

  /** Weights one token touches in one layer: attention, the active experts, router, norms. */
  public long activeLayerParameters() {
    return attentionParameters()
        + activeExperts * expertParameters()
        + routerParameters()
        + 2L * dModel;
  }

  /** Token embedding, output projection (unless tied) and the final norm. */
  public long embeddingParameters() {
    long table = (long) vocab * dModel;
    return (tiedEmbeddings ? table : 2L * table) + dModel;
  }

  /** Weights of the output projection (vocab x d), shared with the embedding when tied. */
  public long outputParameters() {
    return (long) vocab * dModel;
  }

  /** All weights of the model. */
  public long parameterCount() {
    return layers * layerParameters() + embeddingParameters();
  }

  /** Weights one token touches (all layers' active weights plus embeddings). */
  public long activeParameterCount() {
    return layers * activeLayerParameters() + embeddingParameters();
  }

  /** KV-cache values one token adds to one layer: keys and values of every KV head. */
  public long kvValuesPerTokenPerLayer() {
    return 2L * kvHeads * headDim();
  }
}
