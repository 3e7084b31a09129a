package io.infer4j.runtime.internal.model;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * All weights of a Llama-family model, and the architecture that says how they are used.
 *
 * @param tokenEmbedding (vocabSize, dim)
 * @param layers one entry per block
 * @param finalNorm RMSNorm weight before the classifier, (dim)
 * @param classifier output projection (vocabSize, dim); the embedding itself when tied
 * @param ropeFactors RoPE per-pair frequency divisors (GGUF {@code rope_freqs.weight}, {@code
 *     ropeDimensions / 2} entries), or empty when the model has none
 * @param architecture which of the layers' optional weights are used, and the RoPE layout
 */
public record LlamaWeights(
    TensorView tokenEmbedding,
    List<LayerWeights> layers,
    float[] finalNorm,
    TensorView classifier,
    float[] ropeFactors,
    Architecture architecture) {

  public LlamaWeights {
    layers = List.copyOf(layers);
    Objects.requireNonNull(ropeFactors, "ropeFactors");
    Objects.requireNonNull(architecture, "architecture");
  }

  /** Llama weights. */
  public LlamaWeights(
      TensorView tokenEmbedding,
      List<LayerWeights> layers,
      float[] finalNorm,
      TensorView classifier,
      float[] ropeFactors) {
    this(tokenEmbedding, layers, finalNorm, classifier, ropeFactors, Architecture.LLAMA);
  }

  /** Llama weights without RoPE frequency factors. */
  public LlamaWeights(
      TensorView tokenEmbedding, List<LayerWeights> layers, float[] finalNorm, TensorView classifier) {
    this(tokenEmbedding, layers, finalNorm, classifier, new float[0]);
  }

  /**
   * The matrices that the layers and the classifier multiply, each once (those {@link
   * #withMatrices} maps), in its order.
   */
  public List<TensorView> matrices() {
    List<TensorView> all = new ArrayList<>();
    withMatrices(m -> {
      all.add(m);
      return m;
    });
    return all;
  }

  /**
   * These weights with every matrix that the layers and the classifier multiply replaced by
   * {@code f} of it (the same object wherever one was shared); the token embedding, which is read
   * a row at a time, and the vectors stay as they are.
   */
  public LlamaWeights withMatrices(UnaryOperator<TensorView> f) {
    Map<TensorView, TensorView> done = new IdentityHashMap<>();
    UnaryOperator<TensorView> once = m -> done.computeIfAbsent(m, f);
    List<LayerWeights> mapped = layers.stream()
        .map(l -> new LayerWeights(l.attentionNorm(), once.apply(l.wq()), once.apply(l.wk()),
            once.apply(l.wv()), once.apply(l.wo()), l.ffnNorm(), once.apply(l.w1()),
            once.apply(l.w2()), once.apply(l.w3()), l.qBias(), l.kBias(), l.vBias(), l.qNorm(),
            l.kNorm()))
        .toList();
    return new LlamaWeights(tokenEmbedding, mapped, finalNorm, once.apply(classifier),
        ropeFactors, architecture);
  }

  /**
   * Checks every shape against {@code config}.
   *
   * @throws ModelFormatException naming {@code source}, the tensor and both shapes on a mismatch
   */
  public void checkShapes(ModelConfig config, String source) {
    int dim = config.dim();
    int qDim = config.queryDim();
    int kv = config.kvDim();
    int hidden = config.hiddenDim();
    int vocab = config.vocabSize();
    shape(source, tokenEmbedding, vocab, dim);
    shape(source, classifier, vocab, dim);
    vector(source, "final norm", finalNorm, dim);
    int factors = config.rope().frequencyFactors() ? config.ropeDimensions() / 2 : 0;
    vector(source, "tensor rope_freqs.weight", ropeFactors, factors);
    if (layers.size() != config.layers()) {
      throw new ModelFormatException(
          source, "found " + layers.size() + " layers, expected " + config.layers());
    }
    for (int l = 0; l < layers.size(); l++) {
      LayerWeights w = layers.get(l);
      vector(source, "layer " + l + " attention norm", w.attentionNorm(), dim);
      vector(source, "layer " + l + " ffn norm", w.ffnNorm(), dim);
      shape(source, w.wq(), qDim, dim);
      shape(source, w.wk(), kv, dim);
      shape(source, w.wv(), kv, dim);
      shape(source, w.wo(), dim, qDim);
      boolean bias = architecture.qkvBias();
      vector(source, "layer " + l + " query bias", w.qBias(), bias ? qDim : 0);
      vector(source, "layer " + l + " key bias", w.kBias(), bias ? kv : 0);
      vector(source, "layer " + l + " value bias", w.vBias(), bias ? kv : 0);
      int head = architecture.qkNorm() ? config.headSize() : 0;
      vector(source, "layer " + l + " query norm", w.qNorm(), head);
      vector(source, "layer " + l + " key norm", w.kNorm(), head);
      shape(source, w.w1(), hidden, dim);
      shape(source, w.w2(), dim, hidden);
      shape(source, w.w3(), hidden, dim);
    }
  }

  private static void shape(String source, TensorView t, int rows, int cols) {
    if (t.rows() != rows || t.cols() != cols) {
      throw new ModelFormatException(
          source,
          "tensor "
              + t.name()
              + " has shape ("
              + t.rows()
              + ", "
              + t.cols()
              + "), expected ("
              + rows
              + ", "
              + cols
              + ")");
    }
  }

  private static void vector(String source, String what, float[] v, int length) {
    if (v.length != length) {
      throw new ModelFormatException(
          source, what + " has " + v.length + " elements, expected " + length);
    }
  }
}
