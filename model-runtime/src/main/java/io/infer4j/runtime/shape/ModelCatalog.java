package io.infer4j.runtime.shape;

import io.infer4j.ModelNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Built-in shapes of public model architectures, for planning without weights. Names are matched
 * case-insensitively, ignoring surrounding blanks.
 *
 * <p>Sources: each model's published {@code config.json} (Hugging Face model cards of
 * meta-llama/Llama-2-*-hf, meta-llama/Llama-3.1-*, meta-llama/Llama-3.3-70B-Instruct,
 * mistralai/Mixtral-8x7B-v0.1, TinyLlama/TinyLlama-1.1B) and the header of llama2.c's stories260K
 * checkpoint.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelCatalog {

  private static final Map<String, ModelShape> SHAPES = build();

  private ModelCatalog() {}

  private static Map<String, ModelShape> build() {
    Map<String, ModelShape> m = new LinkedHashMap<>();
    // name, layers, dim, heads, kv heads, ffn hidden, vocab, tied, max context
    put(m, ModelShape.dense("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, false, 4096));
    put(m, ModelShape.dense("llama-2-13b", 40, 5120, 40, 40, 13824, 32000, false, 4096));
    put(m, ModelShape.dense("llama-2-70b", 80, 8192, 64, 8, 28672, 32000, false, 4096));
    put(m, ModelShape.dense("llama-3.1-8b", 32, 4096, 32, 8, 14336, 128256, false, 131072));
    put(m, ModelShape.dense("llama-3.1-70b", 80, 8192, 64, 8, 28672, 128256, false, 131072));
    put(m, ModelShape.dense("llama-3.3-70b", 80, 8192, 64, 8, 28672, 128256, false, 131072));
    // 8 SwiGLU experts per layer, 2 routed per token (Mixtral of Experts, arXiv 2401.04088).
    put(m, new ModelShape("mixtral-8x7b", 32, 4096, 32, 8, 14336, 32000, 8, 2, false, 32768));
    // Karpathy's TinyStories model, the project's shared test model (../shared/models); its
    // classifier shares the embedding table.
    put(m, ModelShape.dense("stories260K", 5, 64, 8, 4, 172, 512, true, 512));
    // TinyLlama-1.1B's shape (the synthetic 1B model of the model-runtime issue).
    put(m, ModelShape.dense("tinyllama-1.1b", 22, 2048, 32, 4, 5632, 32000, false, 2048));
    return Map.copyOf(m);
  }

  private static void put(Map<String, ModelShape> m, ModelShape shape) {
    m.put(key(shape.name()), shape);
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /** The catalog's model names, in a stable (sorted) order. */
  public static List<String> names() {
    return SHAPES.values().stream().map(ModelShape::name).sorted().toList();
  }

  /** Whether {@code name} is in the catalog; false for null. */
  public static boolean contains(String name) {
    return name != null && SHAPES.containsKey(key(name));
  }

  /**
   * The shape of a catalog model.
   *
   * @throws ModelNotFoundException when the name is unknown (or null); the message lists the known
   *     names
   */
  public static ModelShape get(String name) {
    ModelShape shape = name == null ? null : SHAPES.get(key(name));
    if (shape == null) {
      throw new ModelNotFoundException(String.valueOf(name),
          "not in the model catalog; known models: " + String.join(", ", names()));
    }
    return shape;
  }
}
