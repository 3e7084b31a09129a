package io.infer4j.lpu;

import io.infer4j.ModelNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Built-in shapes of public model architectures, for capacity planning without weights. Shapes
 * are those of the models' published configurations (Hugging Face {@code config.json} of each
 * model; llama2.c's {@code stories260K} header). Names are matched case-insensitively.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelCatalog {

  private static final Map<String, ModelShape> SHAPES = build();

  private ModelCatalog() {}

  private static Map<String, ModelShape> build() {
    Map<String, ModelShape> m = new LinkedHashMap<>();
    // name, layers, d_model, heads, kv heads, ffn hidden, vocab, tied, max context
    put(m, ModelShape.dense("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, false, 4096));
    put(m, ModelShape.dense("llama-2-13b", 40, 5120, 40, 40, 13824, 32000, false, 4096));
    put(m, ModelShape.dense("llama-2-70b", 80, 8192, 64, 8, 28672, 32000, false, 4096));
    put(m, ModelShape.dense("llama-3.1-8b", 32, 4096, 32, 8, 14336, 128256, false, 131072));
    put(m, ModelShape.dense("llama-3.1-70b", 80, 8192, 64, 8, 28672, 128256, false, 131072));
    put(m, ModelShape.dense("llama-3.3-70b", 80, 8192, 64, 8, 28672, 128256, false, 131072));
    // Mixtral 8x7B: 8 SwiGLU experts per layer, 2 routed per token.
    put(m, new ModelShape("mixtral-8x7b", 32, 4096, 32, 8, 14336, 32000, 8, 2, false, 32768));
    // Karpathy's TinyStories model, the project's shared test model (../shared/models).
    put(m, ModelShape.dense("stories260K", 5, 64, 8, 4, 172, 512, true, 512));
    return Map.copyOf(m);
  }

  private static void put(Map<String, ModelShape> m, ModelShape shape) {
    m.put(shape.name().toLowerCase(Locale.ROOT), shape);
  }

  /** The catalog's model names, in a stable (sorted) order. */
  public static List<String> names() {
    return SHAPES.values().stream().map(ModelShape::name).sorted().toList();
  }

  /** Whether {@code name} is in the catalog. */
  public static boolean contains(String name) {
    return name != null && SHAPES.containsKey(name.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The shape of a catalog model.
   *
   * @throws ModelNotFoundException when the name is unknown; the message lists the known names
   */
  public static ModelShape get(String name) {
    ModelShape shape = name == null ? null : SHAPES.get(name.trim().toLowerCase(Locale.ROOT));
    if (shape == null) {
      throw new ModelNotFoundException(
          String.valueOf(name), "not in the LPU model catalog; known models: " + String.join(", ", names()));
    }
    return shape;
  }
}
