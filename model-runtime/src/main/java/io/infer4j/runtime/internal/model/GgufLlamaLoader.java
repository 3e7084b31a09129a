package io.infer4j.runtime.internal.model;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.RopeScaling;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.gguf.GgufMetadata;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a Llama config and weights from a GGUF file with {@code general.architecture = llama},
 * using llama.cpp's key and tensor names ({@code token_embd}, {@code blk.N.attn_q}, ...). A missing
 * {@code output.weight} means the classifier is tied to the embedding. RoPE scaling keys and
 * {@code rope_freqs.weight} are read by {@link GgufRope}.
 */
public final class GgufLlamaLoader {
  private static final float DEFAULT_ROPE_BASE = 10000f;
  private static final float DEFAULT_RMS_EPS = 1e-5f;
  /** The key of the context length the model was trained on. */
  public static final String CONTEXT_LENGTH = "llama.context_length";

  private GgufLlamaLoader() {}

  /**
   * The config from the file's metadata.
   *
   * @param contextLength a context length to use instead of {@code llama.context_length}, or 0
   * @throws ModelFormatException naming the file and the missing or bad key; a context length above
   *     {@link ModelConfig#MAX_CONTEXT_LENGTH} is bad, and the message says how to override it
   */
  public static ModelConfig config(GgufFile file, int contextLength) {
    String source = file.path().toString();
    GgufMetadata m = file.metadata();
    String arch = m.getString("general.architecture", "llama");
    if (!arch.equals("llama")) {
      throw new ModelFormatException(
          source, "general.architecture = " + arch + " is not supported (only 'llama')");
    }
    int dim = m.requirePositiveInt("llama.embedding_length");
    int hidden = m.requirePositiveInt("llama.feed_forward_length");
    int layers = m.requirePositiveInt("llama.block_count");
    int heads = m.requirePositiveInt("llama.attention.head_count");
    int kvHeads =
        m.has("llama.attention.head_count_kv")
            ? m.requirePositiveInt("llama.attention.head_count_kv")
            : heads;
    int context = contextLength > 0 ? contextLength : m.requirePositiveInt(CONTEXT_LENGTH);
    if (context > ModelConfig.MAX_CONTEXT_LENGTH) {
      // Only the file's value can get here: a caller's is checked by ModelOptions.
      throw new ModelFormatException(source, "metadata key " + ModelConfig.tooLong(CONTEXT_LENGTH,
          context) + "; to load it, give a shorter context: the context-length setting, or"
          + " ModelOptions.withContextLength");
    }
    int vocab = vocabSize(file, source);
    float ropeBase = m.getFloat("llama.rope.freq_base", DEFAULT_ROPE_BASE);
    float eps = m.getFloat("llama.attention.layer_norm_rms_epsilon", DEFAULT_RMS_EPS);
    if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
      throw new ModelFormatException(
          source,
          "inconsistent heads: embedding_length "
              + dim
              + ", head_count "
              + heads
              + ", head_count_kv "
              + kvHeads);
    }
    RopeScaling rope = GgufRope.scaling(file, dim / heads);
    try {
      return new ModelConfig(
          dim, hidden, layers, heads, kvHeads, vocab, context, ropeBase, eps, rope);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source, e.getMessage(), e);
    }
  }

  /**
   * The context length the file says the model was trained on, or 0 when it does not say or says
   * something unusable (only a caller's override made the file loadable then).
   */
  public static int trainedContext(GgufFile file) {
    try {
      return Math.max(0, file.metadata().getInt(CONTEXT_LENGTH, 0));
    } catch (ModelFormatException e) {
      return 0;
    }
  }

  private static int vocabSize(GgufFile file, String source) {
    GgufMetadata m = file.metadata();
    if (m.has("tokenizer.ggml.tokens")) {
      return m.requireArray("tokenizer.ggml.tokens").length();
    }
    if (m.has("llama.vocab_size")) {
      return m.requirePositiveInt("llama.vocab_size");
    }
    return file.tensor("token_embd.weight").rows();
  }

  /**
   * Views of every weight, shape-checked against {@code config}.
   *
   * @throws ModelFormatException naming the file and the missing or misshapen tensor
   */
  public static LlamaWeights weights(GgufFile file, ModelConfig config) {
    TensorView embedding = file.tensor("token_embd.weight");
    TensorView classifier =
        file.tensorInfo("output.weight").isPresent() ? file.tensor("output.weight") : embedding;
    List<LayerWeights> layers = new ArrayList<>(); // no capacity from the header: it may lie
    for (int l = 0; l < config.layers(); l++) {
      String p = "blk." + l + ".";
      layers.add(
          new LayerWeights(
              file.tensor(p + "attn_norm.weight").toFloatArray(),
              file.tensor(p + "attn_q.weight"),
              file.tensor(p + "attn_k.weight"),
              file.tensor(p + "attn_v.weight"),
              file.tensor(p + "attn_output.weight"),
              file.tensor(p + "ffn_norm.weight").toFloatArray(),
              file.tensor(p + "ffn_gate.weight"),
              file.tensor(p + "ffn_down.weight"),
              file.tensor(p + "ffn_up.weight")));
    }
    LlamaWeights weights =
        new LlamaWeights(
            embedding,
            layers,
            file.tensor("output_norm.weight").toFloatArray(),
            classifier,
            GgufRope.factors(file, config));
    weights.checkShapes(config, file.path().toString());
    return weights;
  }
}
