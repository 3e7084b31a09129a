package io.infer4j.runtime.internal.model;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.RopeScaling;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.gguf.GgufMetadata;
import io.infer4j.runtime.internal.gguf.GgufTensorInfo;
import io.infer4j.runtime.internal.tensor.GgmlType;
import java.util.Arrays;

/**
 * Reads a GGUF's RoPE settings with llama.cpp's meaning ({@code llama_model::load_hparams}); keys
 * are prefixed with the architecture's name ({@code llama.}, {@code qwen2.}, ...):
 *
 * <ul>
 *   <li>{@code llama.rope.dimension_count}: rotated dimensions per head (default: the head size);
 *       fewer than the head size is partial rotary;
 *   <li>{@code llama.rope.scaling.type}: {@code none} (any factor ignored), {@code linear} (the
 *       default when absent); {@code yarn} and any other type are rejected, not run wrongly;
 *   <li>{@code llama.rope.scaling.factor} (older name {@code llama.rope.scale_linear}): positions
 *       are divided by it; absent or 0 means 1;
 *   <li>tensor {@code rope_freqs.weight}: F32, one divisor per rotated pair (Llama 3.1+).
 * </ul>
 *
 * {@code llama.rope.freq_base} is read with the rest of the config. Stateless.
 */
final class GgufRope {
  static final String DIMENSIONS = "rope.dimension_count";
  static final String TYPE = "rope.scaling.type";
  static final String FACTOR = "rope.scaling.factor";
  static final String FACTOR_OLD = "rope.scale_linear";
  static final String FREQS = "rope_freqs.weight";

  private GgufRope() {}

  /**
   * The RoPE scaling of a file whose heads are {@code headSize} wide.
   *
   * @throws ModelFormatException naming the file and the key with a bad or unsupported value
   */
  static RopeScaling scaling(GgufFile file, Architecture arch, int headSize) {
    String source = file.path().toString();
    GgufMetadata m = file.metadata();
    String dimensionsKey = arch.key(DIMENSIONS);
    String typeKey = arch.key(TYPE);
    int dims = headSize;
    if (m.has(dimensionsKey)) {
      dims = m.requirePositiveInt(dimensionsKey);
      if (dims % 2 != 0 || dims > headSize) {
        throw new ModelFormatException(
            source,
            "metadata key " + dimensionsKey + " = " + dims
                + " must be even and at most the head size " + headSize);
      }
    }
    String type = m.getString(typeKey, "linear");
    String factorKey = m.has(arch.key(FACTOR)) ? arch.key(FACTOR) : arch.key(FACTOR_OLD);
    float factor = m.getFloat(factorKey, 0f);
    if (!(factor >= 0) || !Float.isFinite(factor)) {
      throw new ModelFormatException(
          source, "metadata key " + factorKey + " = " + factor + " is not a positive factor");
    }
    float linear =
        switch (type) {
          case "none" -> 1f;
          case "linear" -> factor == 0f ? 1f : factor;
          case "yarn" ->
              throw new ModelFormatException(
                  source,
                  "metadata key " + typeKey + " = yarn is not supported (YaRN RoPE scaling is not"
                      + " implemented; supported: none, linear)");
          default ->
              throw new ModelFormatException(
                  source,
                  "metadata key " + typeKey + " = " + type
                      + " is not a supported RoPE scaling type (none, linear)");
        };
    boolean factors = file.tensorInfo(FREQS).isPresent();
    return new RopeScaling(dims == headSize ? 0 : dims, linear, factors);
  }

  /**
   * The per-pair divisors of {@code rope_freqs.weight}, or an empty array when {@code config} says
   * the model has none.
   *
   * @throws ModelFormatException naming the file and the tensor if it is not F32, has the wrong
   *     number of entries, or holds a value that is not positive and finite
   */
  static float[] factors(GgufFile file, ModelConfig config) {
    if (!config.rope().frequencyFactors()) {
      return new float[0];
    }
    String source = file.path().toString();
    GgufTensorInfo info =
        file.tensorInfo(FREQS)
            .orElseThrow(() -> new ModelFormatException(source, "missing tensor " + FREQS));
    if (info.type() != GgmlType.F32) {
      throw new ModelFormatException(
          source, "tensor " + FREQS + " is " + info.type() + ", expected F32");
    }
    int pairs = config.ropeDimensions() / 2;
    long[] dims = info.dims();
    if (dims.length == 0 || dims[0] != pairs || info.elementCount() != pairs) {
      throw new ModelFormatException(
          source,
          "tensor " + FREQS + " has shape " + Arrays.toString(dims)
              + ", expected [" + pairs + "] (one entry per rotated pair: "
              + config.ropeDimensions() + " / 2)");
    }
    float[] values = file.tensor(FREQS).toFloatArray();
    for (int j = 0; j < values.length; j++) {
      if (!(values[j] > 0) || !Float.isFinite(values[j])) {
        throw new ModelFormatException(
            source, "tensor " + FREQS + " entry " + j + " = " + values[j] + " is not positive");
      }
    }
    return values;
  }
}
