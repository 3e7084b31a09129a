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
 * Builds a config and weights from a GGUF file of a Llama-family {@link Architecture} ({@code
 * general.architecture} = {@code llama}, {@code qwen2} or {@code qwen3}; absent means llama),
 * using llama.cpp's key and tensor names ({@code qwen2.block_count}, {@code token_embd}, {@code
 * blk.N.attn_q}, ...) as the GGUF specification lists them. A missing {@code output.weight} means
 * the classifier is tied to the embedding. RoPE scaling keys and {@code rope_freqs.weight} are
 * read by {@link GgufRope}.
 */
public final class GgufLlamaLoader {
  private static final float DEFAULT_ROPE_BASE = 10000f;
  private static final float DEFAULT_RMS_EPS = 1e-5f;
  /** The key of the context length the model was trained on, after the architecture's name. */
  static final String CONTEXT_LENGTH = "context_length";

  private GgufLlamaLoader() {}

  /**
   * The file's architecture ({@code general.architecture}; absent means llama).
   *
   * @throws ModelFormatException naming the file, the architecture and the supported ones when it
   *     is not supported
   */
  public static Architecture architecture(GgufFile file) {
    String name = file.metadata().getString("general.architecture", Architecture.LLAMA.name());
    return Architecture.named(name, file.path().toString());
  }

  /** The key of the context length the file's model was trained on, as {@code llama.context_length}. */
  public static String contextLengthKey(GgufFile file) {
    return architecture(file).key(CONTEXT_LENGTH);
  }

  /**
   * The config from the file's metadata.
   *
   * @param contextLength a context length to use instead of the file's {@code context_length}, or
   *     0
   * @throws ModelFormatException naming the file and the missing or bad key, or the architecture
   *     when it is not supported; a context length above {@link ModelConfig#MAX_CONTEXT_LENGTH} is
   *     bad, and the message says how to override it
   */
  public static ModelConfig config(GgufFile file, int contextLength) {
    String source = file.path().toString();
    GgufMetadata m = file.metadata();
    Architecture arch = architecture(file);
    int dim = m.requirePositiveInt(arch.key("embedding_length"));
    int hidden = m.requirePositiveInt(arch.key("feed_forward_length"));
    int layers = m.requirePositiveInt(arch.key("block_count"));
    int heads = m.requirePositiveInt(arch.key("attention.head_count"));
    String kvKey = arch.key("attention.head_count_kv");
    int kvHeads = m.has(kvKey) ? m.requirePositiveInt(kvKey) : heads;
    String contextKey = arch.key(CONTEXT_LENGTH);
    int context = contextLength > 0 ? contextLength : m.requirePositiveInt(contextKey);
    if (context > ModelConfig.MAX_CONTEXT_LENGTH) {
      // Only the file's value can get here: a caller's is checked by ModelOptions.
      throw new ModelFormatException(source, "metadata key " + ModelConfig.tooLong(contextKey,
          context) + "; to load it, give a shorter context: the context-length setting, or"
          + " ModelOptions.withContextLength");
    }
    int vocab = vocabSize(file, arch);
    float ropeBase = m.getFloat(arch.key("rope.freq_base"), DEFAULT_ROPE_BASE);
    float eps = m.getFloat(arch.key("attention.layer_norm_rms_epsilon"), DEFAULT_RMS_EPS);
    int headSize = headSize(file, arch, dim, heads);
    if (heads % kvHeads != 0 || headSize % 2 != 0) {
      throw new ModelFormatException(
          source,
          "inconsistent heads: embedding_length "
              + dim
              + ", head_count "
              + heads
              + ", head_count_kv "
              + kvHeads
              + ", head size "
              + headSize);
    }
    RopeScaling rope = GgufRope.scaling(file, arch, headSize);
    try {
      return new ModelConfig(
          dim, hidden, layers, heads, kvHeads, vocab, context, ropeBase, eps, rope, headSize);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source, e.getMessage(), e);
    }
  }

  /**
   * The width of a head: {@code attention.key_length} when the file has it (Qwen3 0.6B: 128, with
   * 16 heads over a width of 1024), else {@code embedding_length / head_count}. Keys and values of
   * different widths ({@code attention.value_length}) are refused: the cache holds one width.
   */
  private static int headSize(GgufFile file, Architecture arch, int dim, int heads) {
    String source = file.path().toString();
    GgufMetadata m = file.metadata();
    String keyLength = arch.key("attention.key_length");
    String valueLength = arch.key("attention.value_length");
    if (!m.has(keyLength)) {
      if (dim % heads != 0) {
        throw new ModelFormatException(source, "inconsistent heads: embedding_length " + dim
            + " is not a multiple of head_count " + heads + " and " + keyLength + " is absent");
      }
      return dim / heads;
    }
    int size = m.requirePositiveInt(keyLength);
    int values = m.has(valueLength) ? m.requirePositiveInt(valueLength) : size;
    if (values != size) {
      throw new ModelFormatException(source, "metadata keys " + keyLength + " = " + size + " and "
          + valueLength + " = " + values + " differ; heads of two widths are not supported");
    }
    return size;
  }

  /**
   * The context length the file says the model was trained on, or 0 when it does not say or says
   * something unusable (only a caller's override made the file loadable then).
   */
  public static int trainedContext(GgufFile file) {
    try {
      return Math.max(0, file.metadata().getInt(contextLengthKey(file), 0));
    } catch (ModelFormatException e) {
      return 0;
    }
  }

  private static int vocabSize(GgufFile file, Architecture arch) {
    GgufMetadata m = file.metadata();
    if (m.has("tokenizer.ggml.tokens")) {
      return m.requireArray("tokenizer.ggml.tokens").length();
    }
    if (m.has(arch.key("vocab_size"))) {
      return m.requirePositiveInt(arch.key("vocab_size"));
    }
    return file.tensor("token_embd.weight").rows();
  }

  /**
   * Views of every weight, shape-checked against {@code config}.
   *
   * @throws ModelFormatException naming the file and the missing or misshapen tensor (and the
   *     architecture, for a tensor only it has)
   */
  public static LlamaWeights weights(GgufFile file, ModelConfig config) {
    Architecture arch = architecture(file);
    TensorView embedding = tensor(file, arch, "token_embd.weight");
    TensorView classifier = file.tensorInfo("output.weight").isPresent()
        ? tensor(file, arch, "output.weight") : embedding;
    List<LayerWeights> layers = new ArrayList<>(); // no capacity from the header: it may lie
    float[] none = new float[0];
    for (int l = 0; l < config.layers(); l++) {
      String p = "blk." + l + ".";
      boolean bias = arch.qkvBias();
      boolean norm = arch.qkNorm();
      layers.add(
          new LayerWeights(
              vector(file, arch, p + "attn_norm.weight"),
              tensor(file, arch, p + "attn_q.weight"),
              tensor(file, arch, p + "attn_k.weight"),
              tensor(file, arch, p + "attn_v.weight"),
              tensor(file, arch, p + "attn_output.weight"),
              vector(file, arch, p + "ffn_norm.weight"),
              tensor(file, arch, p + "ffn_gate.weight"),
              tensor(file, arch, p + "ffn_down.weight"),
              tensor(file, arch, p + "ffn_up.weight"),
              bias ? vector(file, arch, p + "attn_q.bias") : none,
              bias ? vector(file, arch, p + "attn_k.bias") : none,
              bias ? vector(file, arch, p + "attn_v.bias") : none,
              norm ? vector(file, arch, p + "attn_q_norm.weight") : none,
              norm ? vector(file, arch, p + "attn_k_norm.weight") : none));
    }
    LlamaWeights weights =
        new LlamaWeights(
            embedding,
            layers,
            vector(file, arch, "output_norm.weight"),
            classifier,
            GgufRope.factors(file, config),
            arch);
    weights.checkShapes(config, file.path().toString());
    return weights;
  }

  /** Tensor {@code name}; when it is missing, the error names the architecture that needs it. */
  private static TensorView tensor(GgufFile file, Architecture arch, String name) {
    if (file.tensorInfo(name).isEmpty()) {
      throw new ModelFormatException(file.path().toString(),
          "missing tensor " + name + ", which general.architecture = " + arch.name() + " needs");
    }
    return file.tensor(name);
  }

  /** As {@link #tensor}, copied to floats (norms and biases). */
  private static float[] vector(GgufFile file, Architecture arch, String name) {
    return tensor(file, arch, name).toFloatArray();
  }
}
