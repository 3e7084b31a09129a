package io.infer4j.gpu.internal;

import io.infer4j.ModelNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Built-in shapes of public architectures, for planning without weights. Same names and numbers as
 * the LPU planner's catalog (to be merged into one shared catalog later).
 *
 * <p>Sources: each model's published {@code config.json} (Hugging Face model cards of
 * meta-llama/Llama-2-*-hf, meta-llama/Llama-3.1-*, meta-llama/Llama-3.3-70B-Instruct,
 * mistralai/Mixtral-8x7B-v0.1, TinyLlama/TinyLlama-1.1B) and llama2.c's stories260K checkpoint.
 */
public final class ModelCatalog {

  private static final Map<String, ModelShape> SHAPES = new LinkedHashMap<>();

  static {
    add(ModelShape.dense("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, 4096));
    add(ModelShape.dense("llama-2-13b", 40, 5120, 40, 40, 13824, 32000, 4096));
    add(ModelShape.dense("llama-2-70b", 80, 8192, 64, 8, 28672, 32000, 4096));
    add(ModelShape.dense("llama-3.1-8b", 32, 4096, 32, 8, 14336, 128256, 131072));
    add(ModelShape.dense("llama-3.1-70b", 80, 8192, 64, 8, 28672, 128256, 131072));
    add(ModelShape.dense("llama-3.3-70b", 80, 8192, 64, 8, 28672, 128256, 131072));
    // 8 experts, 2 routed per token (Mixtral of Experts, arXiv 2401.04088).
    add(new ModelShape("mixtral-8x7b", 32, 4096, 32, 8, 14336, 32000, 32768, 8, 2, false));
    // llama2.c's shared test model; its classifier shares the embedding table.
    add(new ModelShape("stories260K", 5, 64, 8, 4, 172, 512, 512, 1, 1, true));
    // Synthetic 1B model of the model-runtime issue (TinyLlama-1.1B's shape).
    add(ModelShape.dense("tinyllama-1.1b", 22, 2048, 32, 4, 5632, 32000, 2048));
  }

  private ModelCatalog() {}

  private static void add(ModelShape shape) {
    SHAPES.put(shape.name().toLowerCase(Locale.ROOT), shape);
  }

  /** The shape named {@code name} (case-insensitive). */
  public static ModelShape lookup(String name) {
    ModelShape shape = name == null ? null : SHAPES.get(name.strip().toLowerCase(Locale.ROOT));
    if (shape == null) {
      throw new ModelNotFoundException(
          String.valueOf(name), "not in the GPU planner's catalog; known models: " + String.join(", ", names()));
    }
    return shape;
  }

  /** Catalog names in a stable order. */
  public static List<String> names() {
    return SHAPES.values().stream().map(ModelShape::name).toList();
  }

  /** Every catalog shape in a stable order. */
  public static List<ModelShape> all() {
    return List.copyOf(SHAPES.values());
  }
}
