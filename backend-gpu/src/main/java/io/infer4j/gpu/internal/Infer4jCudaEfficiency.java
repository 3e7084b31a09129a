package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuPrecision;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The efficiencies of infer4j's own CUDA path, measured on a real device, read once (at class
 * initialisation) from the resource {@value #RESOURCE}: the one place to change when new
 * measurements come. The file's own comments say what each key means, where its value was
 * measured and how it was derived.
 *
 * <p>Format: a {@link Properties} file. A value is a number or a quotient {@code a / b} of two
 * numbers (so that the measured figures themselves can stand in the file). Keys:
 *
 * <ul>
 *   <li>{@code measured-on}: the device and date, shown with every plan of this engine;
 *   <li>{@code copy-fraction-of-datasheet}: the device-to-device copy bandwidth over the datasheet
 *       HBM bandwidth of the same device;
 *   <li>{@code matvec-fraction-of-copy.<type>} for {@code bf16}, {@code fp16}, {@code q8_0}, {@code
 *       q4_0} (and {@code f32}, which no plan precision uses yet): the decode matrix-vector
 *       kernel's bandwidth over the copy bandwidth; a type without a line is not offered;
 *   <li>{@code launch-overhead-us}: what each kernel costs on the GPU timeline beyond its bytes at
 *       the bandwidths above, microseconds;
 *   <li>{@code prefill-fraction-of-peak}: prefill matmul throughput over the dense 16-bit
 *       (BF16/FP16) tensor-core peak, for every weight type (the prompt path dequantizes quantized
 *       weights to half and multiplies on the 16-bit tensor cores);
 *   <li>{@code launches-per-layer}, {@code launches-per-pass}, {@code prefill-pass-tokens}, {@code
 *       activation-bytes}: counted from the code ({@code CudaForward}), not measured.
 * </ul>
 *
 * An unknown key, a missing one or a value out of range fails class initialisation with a message
 * naming the key: the file ships with the code and is tested.
 */
public final class Infer4jCudaEfficiency {

  /** The resource, relative to the class path root. */
  public static final String RESOURCE = "io/infer4j/gpu/infer4j-cuda-efficiency.properties";

  private static final String MATVEC = "matvec-fraction-of-copy.";
  private static final Set<String> SCALAR_KEYS = Set.of(
      "measured-on", "copy-fraction-of-datasheet", "launch-overhead-us", "prefill-fraction-of-peak",
      "launches-per-layer", "launches-per-pass", "prefill-pass-tokens", "activation-bytes");

  /** The profile the file describes. */
  public static final EngineProfile PROFILE = load();

  private Infer4jCudaEfficiency() {}

  private static EngineProfile load() {
    try (InputStream in = Infer4jCudaEfficiency.class.getResourceAsStream("/" + RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Reads a profile in this file's format.
   *
   * @throws IllegalArgumentException naming the key that is unknown, missing or out of range
   */
  static EngineProfile parse(Reader text) throws IOException {
    Properties p = new Properties();
    p.load(text);
    Set<String> unknown = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      if (!SCALAR_KEYS.contains(key) && !key.startsWith(MATVEC)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(RESOURCE + ": unknown keys " + unknown);
    }
    double copy = number(p, "copy-fraction-of-datasheet");
    Map<GpuPrecision, Double> weights = new EnumMap<>(GpuPrecision.class);
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(MATVEC)) {
        String type = key.substring(MATVEC.length()).toLowerCase(Locale.ROOT);
        double efficiency = copy * number(p, key);
        if (type.equals("f32")) {
          continue; // read and checked; the planner has no f32 precision yet
        }
        GpuPrecision precision = java.util.Arrays.stream(GpuPrecision.values())
            .filter(v -> v.id().equals(type)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                RESOURCE + ": key '" + key + "' names no weight type (bf16, fp16, q8_0, q4_0, f32)"));
        weights.put(precision, efficiency);
      }
    }
    try {
      return new EngineProfile(
          GpuEngine.INFER4J,
          text(p, "measured-on"),
          weights,
          // Not measured: the other kernels (norms, RoPE, attention) are charged the tuned
          // engine's streaming efficiency, so only measured figures make the engines differ.
          TimingConstants.MEMORY_EFFICIENCY,
          // Decode: the measured matvec bandwidth already includes the kernels' arithmetic, and
          // one sequence per pass never reaches a tensor-core bound; the tuned figure keeps
          // compute from binding.
          TimingConstants.COMPUTE_EFFICIENCY,
          number(p, "prefill-fraction-of-peak"),
          // The prompt path multiplies every weight type on the 16-bit tensor cores (cuBLAS,
          // Q8_0/Q4_0 dequantized to half per batch: CudaForward, PromptGemm), so the file's
          // prefill fraction is of the BF16/FP16 peak, not of the weight precision's (INT8) rate.
          true,
          number(p, "launch-overhead-us") * 1e-6,
          integer(p, "launches-per-layer"),
          integer(p, "launches-per-pass"),
          integer(p, "prefill-pass-tokens"),
          integer(p, "activation-bytes"),
          false,
          1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(RESOURCE + ": " + e.getMessage(), e);
    }
  }

  private static String text(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(RESOURCE + ": key '" + key + "' is missing");
    }
    return value.strip();
  }

  /** A number, or {@code a / b}. */
  private static double number(Properties p, String key) {
    String value = text(p, key);
    try {
      int slash = value.indexOf('/');
      double n = slash < 0
          ? Double.parseDouble(value)
          : Double.parseDouble(value.substring(0, slash).strip())
              / Double.parseDouble(value.substring(slash + 1).strip());
      if (!Double.isFinite(n) || n <= 0) {
        throw new NumberFormatException("not a positive finite number");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RESOURCE + ": key '" + key + "' = '" + value + "' is not a positive number or a / b", e);
    }
  }

  private static int integer(Properties p, String key) {
    String value = text(p, key);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RESOURCE + ": key '" + key + "' = '" + value + "' is not an integer", e);
    }
  }
}
