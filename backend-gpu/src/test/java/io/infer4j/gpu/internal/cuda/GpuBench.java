package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import io.infer4j.runtime.testing.Quantize;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Issue 13's honest GPU figures, on a GPU host ({@code gpu-tests.sh bench [--matvec] [MODEL...]};
 * not a test). In one process, so every fraction is against a ceiling measured in the same run:
 *
 * <ol>
 *   <li><b>copy</b>: the device's copy bandwidth, a vectorised copy kernel ({@code bench.cu}) over
 *       2 GiB to 2 GiB, bytes read + written, checked afterwards; the practical HBM limit;
 *   <li><b>launch</b>: the cost of one launch through {@link CudaContext#launch} (a tiny matvec
 *       launched many times, then one synchronize): the floor under any per-kernel figure;
 *   <li><b>matvec</b> (with {@code --matvec}, or when no model is given): each matvec kernel (F32,
 *       F16, BF16, Q8_0, Q4_0) on TinyLlama-1.1B's and Llama-3-8B's matrix shapes, rotating through
 *       enough copies of each matrix that the set is at least 4 x the L2 (read from the device), so
 *       the figure is HBM's and not the cache's; bytes = weights + x + out per launch;
 *   <li><b>model</b>, for each model file given: time to first token and prompt tokens/s for a
 *       641-token prompt, decode ms/token and tokens/s (greedy, on the device), the weight bytes
 *       each token reads, the "HBM limit" (those bytes over the copy bandwidth) and the fraction
 *       reached.
 * </ol>
 *
 * <p>Timing: wall clock around many launches followed by one synchronize (the engine's own calls
 * for the model figures), repeated; the median is reported with the spread. Each figure prints a
 * human line and a {@code RESULT key=value ...} line; a markdown table of all figures closes the
 * output. Options: {@code --matvec}, {@code --types=F32,Q8_0}, {@code --shapes=tinyllama,llama3-8b},
 * {@code --tokens=N} (decode tokens per repetition, 128), {@code --prompt=N} (641),
 * {@code --copy-gib=N} (2). Exit status: 0, 1 when a section failed, 3 when there is no CUDA.
 */
public final class GpuBench {
  /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
  static final int ATTR_MULTIPROCESSORS = 16;
  /** {@code CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE}, bytes. */
  static final int ATTR_L2_BYTES = 38;
  /** Used only if the L2 attribute cannot be read: the H200's (and H100's) 60 MB (50 MiB on H100 PCIe). */
  static final long FALLBACK_L2_BYTES = 60L << 20;
  /** The rotating set of each matvec shape is at least this many L2s. */
  static final int L2_MULTIPLE = 4;
  /** Repetitions of each timed loop; the median is reported. */
  static final int REPS = 5;
  /** Seconds each timed repetition aims at (launch count follows). */
  static final double TARGET_SECONDS = 0.03;
  /** Rows of random data quantized per matrix, then repeated (host time, not device time). */
  static final int TILE_ROWS = 1024;

  /** A matrix of a model: {@code rows x cols}. */
  record Shape(String model, String matrix, int rows, int cols) {}

  static final List<Shape> SHAPES = List.of(
      new Shape("tinyllama", "ffn_gate/up", 5632, 2048),
      new Shape("tinyllama", "ffn_down", 2048, 5632),
      new Shape("tinyllama", "output", 32000, 2048),
      new Shape("llama3-8b", "attn_q/o", 4096, 4096),
      new Shape("llama3-8b", "attn_k/v", 1024, 4096),
      new Shape("llama3-8b", "ffn_gate/up", 14336, 4096),
      new Shape("llama3-8b", "ffn_down", 4096, 14336),
      new Shape("llama3-8b", "output", 128256, 4096));

  static final List<GgmlType> TYPES =
      List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0);

  record Options(boolean matvec, List<GgmlType> types, List<String> shapes, int tokens,
      int prompt, long copyBytes, List<Path> models) {}

  /** Median, fastest and slowest seconds per launch, and launches per repetition. */
  record Timing(double median, double min, double max, int launches) {
    String spread() {
      return String.format(Locale.ROOT, "%.1f%%", 100 * (max - min) / median);
    }
  }

  private final CudaContext cuda;
  private final List<String> table = new ArrayList<>();
  private double copyBandwidth = Double.NaN; // bytes/s
  private double launchSeconds = Double.NaN;
  private boolean failed;

  private GpuBench(CudaContext cuda) {
    this.cuda = cuda;
  }

  public static void main(String[] args) {
    Options o = parse(args);
    long start = System.nanoTime();
    int status;
    try (CudaContext cuda = CudaContext.open(0)) {
      status = new GpuBench(cuda).run(o);
    } catch (CudaUnavailableException e) {
      System.out.println("SKIPPED GpuBench: no CUDA here: " + e.getMessage());
      System.out.println("RESULT skipped reason=no-cuda");
      status = 3;
    }
    System.out.printf(Locale.ROOT, "GpuBench total: %.1f s%n", (System.nanoTime() - start) / 1e9);
    System.exit(status);
  }

  static Options parse(String[] args) {
    boolean matvec = false;
    List<GgmlType> types = TYPES;
    List<String> shapes = List.of("tinyllama", "llama3-8b");
    int tokens = 128;
    int prompt = 641;
    long copyBytes = 2L << 30;
    List<Path> models = new ArrayList<>();
    for (String a : args) {
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
      if (a.equals("--matvec")) {
        matvec = true;
      } else if (a.startsWith("--types=")) {
        types = Arrays.stream(v.split(",")).map(s -> GgmlType.valueOf(s.toUpperCase(Locale.ROOT)))
            .toList();
      } else if (a.startsWith("--shapes=")) {
        shapes = List.of(v.toLowerCase(Locale.ROOT).split(","));
      } else if (a.startsWith("--tokens=")) {
        tokens = Integer.parseInt(v);
      } else if (a.startsWith("--prompt=")) {
        prompt = Integer.parseInt(v);
      } else if (a.startsWith("--copy-gib=")) {
        copyBytes = (long) (Double.parseDouble(v) * (1L << 30)) / 16 * 16;
      } else if (a.startsWith("--")) {
        System.err.println("usage: GpuBench [--matvec] [--types=F32,...] [--shapes=tinyllama,"
            + "llama3-8b] [--tokens=128] [--prompt=641] [--copy-gib=2] [MODEL.gguf ...]");
        System.exit(64);
      } else {
        models.add(Path.of(a));
      }
    }
    return new Options(matvec || models.isEmpty(), types, shapes, tokens, prompt, copyBytes,
        List.copyOf(models));
  }

  private int run(Options o) {
    CudaNative api = cuda.nativeApi();
    int device = api.device(0);
    int sms = attribute(api, device, ATTR_MULTIPROCESSORS, 0);
    long l2Attribute = attribute(api, device, ATTR_L2_BYTES, 0);
    long l2 = l2Attribute > 0 ? l2Attribute : FALLBACK_L2_BYTES;
    String l2Source = l2Attribute > 0 ? "device attribute" : "not readable, H200's 60 MiB assumed";
    long[] mem = cuda.memoryInfo();
    System.out.printf(Locale.ROOT, "device: %s (sm_%s), %d SMs, L2 %d bytes (%s), memory %.1f GiB"
        + " free of %.1f GiB%n", cuda.deviceName(), cuda.capability().key(), sms, l2, l2Source,
        mem[0] / GIB, mem[1] / GIB);
    result("device", kv("name", cuda.deviceName(), "sm", cuda.capability().key(), "sms", sms,
        "l2_bytes", l2, "mem_total", mem[1]));
    section("copy", () -> copy(sms, o.copyBytes()));
    section("launch", this::launchFloor);
    if (o.matvec()) {
      section("matvec", () -> matvecs(o, l2));
    }
    for (Path model : o.models()) {
      section("model " + model.getFileName(), () -> model(model, o));
    }
    System.out.println();
    System.out.println("| figure | value | fraction |");
    System.out.println("|---|---|---|");
    table.forEach(System.out::println);
    return failed ? 1 : 0;
  }

  private static int attribute(CudaNative api, int device, int attribute, int fallback) {
    try {
      return api.deviceAttribute(device, attribute);
    } catch (RuntimeException e) {
      System.out.println("device attribute " + attribute + " not readable: " + e.getMessage());
      return fallback;
    }
  }

  private void section(String name, Runnable body) {
    System.out.println();
    System.out.println("== " + name);
    long t0 = System.nanoTime();
    try {
      body.run();
    } catch (RuntimeException | OutOfMemoryError e) {
      failed = true;
      System.out.println("FAILED " + name + ": " + e);
      StackTraceElement[] st = e.getStackTrace();
      for (int i = 0; i < Math.min(8, st.length); i++) {
        System.out.println("    at " + st[i]);
      }
      result("failed", kv("section", name, "error", e.getClass().getSimpleName()));
    }
    System.out.printf(Locale.ROOT, "== %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  // ---- copy --------------------------------------------------------------------------------

  private void copy(int sms, long bytes) {
    try (BenchKernels k = new BenchKernels(cuda, sms);
        DeviceBuffer src = cuda.allocate(bytes);
        DeviceBuffer dst = cuda.allocate(bytes)) {
      k.fill(src.pointer(), bytes, 0x1234567);
      k.fill(dst.pointer(), bytes, 0x7654321);
      cuda.synchronize();
      Timing t = time(i -> k.copy(src.pointer(), dst.pointer(), bytes), 3, 5, 50);
      int bad = k.mismatches(src.pointer(), dst.pointer(), bytes);
      if (bad != 0) {
        throw new IllegalStateException("the copy kernel left " + bad + " of " + bytes / 16
            + " 16-byte elements unequal: no bandwidth figure");
      }
      copyBandwidth = 2.0 * bytes / t.median();
      System.out.printf(Locale.ROOT, "copy %.2f GiB -> %.2f GiB: %.3f ms, %.2f TB/s (read +"
          + " written; %d launches of %d x %d threads; spread %s), copy verified%n",
          bytes / GIB, bytes / GIB, t.median() * 1e3, copyBandwidth / 1e12, t.launches(),
          k.blocks(), BenchKernels.THREADS, t.spread());
      result("copy", kv("bytes_moved", 2 * bytes, "ms", t.median() * 1e3,
          "tbps", copyBandwidth / 1e12, "spread", t.spread()));
      row("copy bandwidth (2 x " + fmt(bytes / GIB, 2) + " GiB, read + written)",
          fmt(copyBandwidth / 1e12, 2) + " TB/s", "1.00");
    }
  }

  // ---- launch floor ------------------------------------------------------------------------

  private void launchFloor() {
    float[] w = RandomVectors.values(128 * 256, 5);
    MemorySegment file = MemorySegment.ofArray(Quantize.encode(GgmlType.F32, w));
    TensorView view = TensorViews.of("launch", GgmlType.F32, file, 128, 256);
    try (DeviceMatrix m = DeviceMatrix.upload(cuda, view, file);
        DeviceBuffer x = cuda.upload(RandomVectors.values(256, 6));
        DeviceBuffer out = cuda.allocate(128 * Float.BYTES)) {
      Timing t = time(i -> m.matvec(cuda, x.pointer(), out.pointer(), 1), 200, 20000, 20000);
      launchSeconds = t.median();
      System.out.printf(Locale.ROOT, "one launch (matvec 128x256 F32, %d launches then one"
          + " synchronize): %.2f us (spread %s)%n", t.launches(), launchSeconds * 1e6,
          t.spread());
      result("launch", kv("us", launchSeconds * 1e6, "spread", t.spread()));
      row("launch floor (tiny matvec, back to back)", fmt(launchSeconds * 1e6, 2) + " us", "");
    }
  }

  // ---- matvec ------------------------------------------------------------------------------

  private void matvecs(Options o, long l2) {
    long set = L2_MULTIPLE * l2;
    System.out.printf(Locale.ROOT, "each shape rotates through copies of its matrix totalling"
        + " >= %d x L2 = %.0f MB; bytes = weights + x + out per launch%n", L2_MULTIPLE, set / 1e6);
    for (GgmlType type : o.types()) {
      for (Shape s : SHAPES) {
        if (o.shapes().contains(s.model())) {
          matvec(type, s, set);
        }
      }
    }
  }

  private void matvec(GgmlType type, Shape s, long minSet) {
    if (WeightLayout.deviceType(type) != type) {
      throw new IllegalArgumentException(type + " has no matvec kernel of its own (runs as F32)");
    }
    long h0 = System.nanoTime();
    List<DeviceMatrix> copies = new ArrayList<>();
    try (Arena arena = Arena.ofConfined();
        DeviceBuffer x = cuda.upload(RandomVectors.values(s.cols(), 2));
        DeviceBuffer out = cuda.allocate((long) s.rows() * Float.BYTES)) {
      MemorySegment file = fileBytes(type, s, arena);
      TensorView view = TensorViews.of(s.model() + "." + s.matrix(), type, file, s.rows(),
          s.cols());
      try {
        do {
          copies.add(DeviceMatrix.upload(cuda, view, file));
        } while ((long) copies.size() * copies.getFirst().byteSize() < minSet);
        double hostSeconds = (System.nanoTime() - h0) / 1e9;
        int n = copies.size();
        Timing t = time(i -> copies.get(i % n).matvec(cuda, x.pointer(), out.pointer(), 1),
            Math.max(20, 2 * n), 50, 20000);
        DeviceMatrix m = copies.getFirst();
        long moved = m.byteSize() + (long) s.cols() * Float.BYTES + (long) s.rows() * Float.BYTES;
        double bw = moved / t.median();
        double ofCopy = bw / copyBandwidth;
        boolean launchBound = t.median() < 1.5 * launchSeconds;
        System.out.printf(Locale.ROOT, "matvec %-4s %6dx%-5d %-9s %-11s %8.1f us %6.2f TB/s"
            + " = %.2f x copy  (%d copies, set %.0f MB, %d launches x %d, spread %s%s;"
            + " host prep %.1f s)%n", type, s.rows(), s.cols(), s.model(), s.matrix(),
            t.median() * 1e6, bw / 1e12, ofCopy, n, n * m.byteSize() / 1e6, t.launches(), REPS,
            t.spread(), launchBound ? "; LAUNCH-BOUND" : "", hostSeconds);
        result("matvec", kv("type", type, "model", s.model(), "matrix", s.matrix(),
            "shape", s.rows() + "x" + s.cols(), "bytes", moved, "us", t.median() * 1e6,
            "tbps", bw / 1e12, "of_copy", ofCopy, "copies", n, "set_mb", n * m.byteSize() / 1e6,
            "spread", t.spread(), "launch_bound", launchBound));
        row("matvec " + type + " " + s.rows() + "x" + s.cols() + " (" + s.model() + " "
            + s.matrix() + ")", fmt(bw / 1e12, 2) + " TB/s, " + fmt(t.median() * 1e6, 1) + " us"
            + (launchBound ? " (launch-bound)" : ""), fmt(ofCopy, 2) + " of copy");
      } finally {
        copies.forEach(DeviceMatrix::close);
      }
    }
  }

  /**
   * The matrix as stored in a GGUF file: {@link #TILE_ROWS} rows of random values in (-1, 1)
   * encoded by the test encoder, repeated down the matrix (random data, not zeros; generating
   * every row would cost host seconds per matrix and change nothing the device sees).
   */
  static MemorySegment fileBytes(GgmlType type, Shape s, Arena arena) {
    int tileRows = Math.min(TILE_ROWS, s.rows());
    byte[] tile = Quantize.encode(type,
        RandomVectors.values(tileRows * s.cols(), 31L * s.rows() + s.cols()));
    long rowBytes = tile.length / tileRows;
    MemorySegment file = arena.allocate(rowBytes * s.rows(), 64);
    MemorySegment src = MemorySegment.ofArray(tile);
    for (long r = 0; r < s.rows(); r += tileRows) {
      long rows = Math.min(tileRows, s.rows() - r);
      MemorySegment.copy(src, 0, file, r * rowBytes, rows * rowBytes);
    }
    return file;
  }

  // ---- model: prefill and decode -----------------------------------------------------------

  private void model(Path path, Options o) {
    long t0 = System.nanoTime();
    try (CudaEngine engine = CudaEngine.open(0, path, 0)) {
      double open = (System.nanoTime() - t0) / 1e9;
      ModelConfig c = engine.config();
      CudaWeights w = engine.weights();
      long[] read = bytesAndParamsPerToken(w);
      long perToken = read[0];
      GgmlType type = w.layers().getFirst().wq().type();
      String name = path.getFileName().toString();
      double limit = copyBandwidth / perToken;
      System.out.printf(Locale.ROOT, "%s: %s, dim %d, %d layers, %d/%d heads, FFN %d, vocab %d,"
          + " context %d; weights on device %d bytes (%.2f GB), read per token %d bytes"
          + " (every matrix but the embedding table, of which one row); opened in %.1f s%n",
          name, type, c.dim(), c.layers(), c.heads(), c.kvHeads(), c.hiddenDim(), c.vocabSize(),
          c.contextLength(), w.byteSize(), w.byteSize() / 1e9, perToken, open);
      System.out.printf(Locale.ROOT, "HBM limit: %d bytes / %.2f TB/s = %.3f ms/token, %.1f"
          + " tokens/s (KV-cache reads not counted)%n", perToken, copyBandwidth / 1e12,
          1e3 / limit, limit);
      int vocab = c.vocabSize();
      int ctx = c.contextLength();
      int promptLength = Math.min(o.prompt(), ctx / 2);
      int decodeTokens = Math.max(1, Math.min(o.tokens(), (ctx - promptLength - 1) / 2));

      // warm-up: loads every kernel the prompt and the decode steps use
      try (CudaSequence warm = engine.newSequence()) {
        warm.prefill(prompt(Math.min(CudaForward.PROMPT_GEMM_MIN_BATCH + 3, promptLength), vocab));
        int next = 1;
        for (int i = 0; i < 8; i++) {
          next = warm.forwardGreedy(next);
        }
      }

      // prefill: a fresh sequence each time; time to first token includes the logits' download
      // and the greedy pick on the host, as a server's first token does
      int[] prompt = prompt(promptLength, vocab);
      double[] ttft = new double[3];
      int first = -1;
      double afterPrompt = Double.NaN;
      for (int r = 0; r < ttft.length; r++) {
        try (CudaSequence seq = engine.newSequence()) {
          long p0 = System.nanoTime();
          first = Samplers.greedy().sample(seq.prefill(prompt));
          ttft[r] = (System.nanoTime() - p0) / 1e9;
          if (r == ttft.length - 1) { // decode right after the prompt, as a chat turn does
            afterPrompt = decode(seq, first, decodeTokens);
          }
        }
      }
      Arrays.sort(ttft);
      double ttftMedian = ttft[1];
      double flops = 2.0 * read[1] * promptLength;
      System.out.printf(Locale.ROOT, "prefill %d tokens: time to first token %.1f ms (runs %s),"
          + " %.0f prompt tokens/s, %.2f TFLOP/s (2 x %d matrix params x tokens)%n",
          promptLength, ttftMedian * 1e3, ms(ttft), promptLength / ttftMedian,
          flops / ttftMedian / 1e12, read[1]);
      result("prefill", kv("model", name, "type", type, "prompt_tokens", promptLength,
          "ttft_ms", ttftMedian * 1e3, "prompt_tps", promptLength / ttftMedian,
          "tflops", flops / ttftMedian / 1e12, "first_token", first));
      row("prefill " + promptLength + " tokens, " + name, fmt(ttftMedian * 1e3, 1)
          + " ms to first token, " + fmt(promptLength / ttftMedian, 0) + " tokens/s", "");

      // decode from the start of a sequence (positions 17 on), REPS times
      double[] perTokenSeconds = new double[3];
      try (CudaSequence seq = engine.newSequence()) {
        int next = Samplers.greedy().sample(seq.prefill(new int[] {1}));
        for (int i = 0; i < 16; i++) {
          next = seq.forwardGreedy(next);
        }
        int n = Math.max(1, Math.min(decodeTokens, (ctx - seq.position() - 1) / 3));
        for (int r = 0; r < perTokenSeconds.length; r++) {
          perTokenSeconds[r] = decode(seq, next, n);
        }
        Arrays.sort(perTokenSeconds);
        double s = perTokenSeconds[1];
        double tps = 1 / s;
        System.out.printf(Locale.ROOT, "decode %d tokens x 3 from position 17: %.3f ms/token"
            + " (runs %s), %.1f tokens/s = %.2f of the HBM limit (%.1f tokens/s), %.2f TB/s"
            + " of weights%n", n, s * 1e3, ms(perTokenSeconds), tps, tps / limit, limit,
            perToken / s / 1e12);
        System.out.printf(Locale.ROOT, "decode %d tokens after the %d-token prompt: %.3f"
            + " ms/token, %.1f tokens/s = %.2f of the HBM limit%n", decodeTokens, promptLength,
            afterPrompt * 1e3, 1 / afterPrompt, 1 / afterPrompt / limit);
        result("decode", kv("model", name, "type", type, "tokens", n, "ms_per_token", s * 1e3,
            "tps", tps, "bytes_per_token", perToken, "weights_bytes", w.byteSize(),
            "hbm_limit_tps", limit, "of_limit", tps / limit, "weights_tbps", perToken / s / 1e12,
            "after_prompt_ms_per_token", afterPrompt * 1e3,
            "after_prompt_of_limit", 1 / afterPrompt / limit));
        row("decode " + name + " (" + fmt(perToken / 1e9, 2) + " GB/token)", fmt(tps, 1)
            + " tokens/s, " + fmt(s * 1e3, 2) + " ms/token (limit " + fmt(limit, 0) + ")",
            fmt(tps / limit, 2) + " of HBM limit");
      }
    }
  }

  /** Seconds per token of {@code n} greedy steps from {@code token}. */
  private static double decode(CudaSequence seq, int token, int n) {
    int next = token;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      next = seq.forwardGreedy(next);
    }
    return (System.nanoTime() - t0) / 1e9 / n;
  }

  /** {@code n} valid token ids: BOS, then a walk over the vocabulary. */
  static int[] prompt(int n, int vocab) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i == 0 ? 1 : 3 + (int) ((i * 7919L) % (vocab - 3));
    }
    return p;
  }

  /**
   * {bytes, matrix parameters} a decode step reads: every layer matrix and norm, the final norm
   * and the classifier, and one row of the embedding table (all of it when tied: it is the
   * classifier).
   */
  static long[] bytesAndParamsPerToken(CudaWeights w) {
    long bytes = 0;
    long params = 0;
    for (CudaWeights.Layer l : w.layers()) {
      for (DeviceMatrix m : List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.w1(), l.w2(), l.w3())) {
        bytes += m.byteSize();
        params += (long) m.rows() * m.cols();
      }
      bytes += l.attentionNorm().byteSize() + l.ffnNorm().byteSize();
    }
    DeviceMatrix cls = w.classifier();
    bytes += w.finalNorm().byteSize() + cls.byteSize();
    params += (long) cls.rows() * cls.cols();
    if (w.embedding() != cls) {
      bytes += w.embedding().byteSize() / w.embedding().rows();
    }
    return new long[] {bytes, params};
  }

  // ---- timing and output -------------------------------------------------------------------

  /**
   * Times {@code launch(i)} for i = 0, 1, ...: a warm-up, a probe that sizes each repetition to
   * about {@link #TARGET_SECONDS} (between min and max launches), then {@link #REPS} repetitions
   * of that many launches followed by one synchronize.
   */
  private Timing time(IntConsumer launch, int warmup, int minLaunches, int maxLaunches) {
    int i = 0;
    for (int k = 0; k < warmup; k++) {
      launch.accept(i++);
    }
    cuda.synchronize();
    int probe = Math.max(1, Math.min(minLaunches, 10));
    long p0 = System.nanoTime();
    for (int k = 0; k < probe; k++) {
      launch.accept(i++);
    }
    cuda.synchronize();
    double each = Math.max(1e-9, (System.nanoTime() - p0) / 1e9 / probe);
    int n = (int) Math.max(minLaunches, Math.min(maxLaunches, Math.ceil(TARGET_SECONDS / each)));
    double[] s = new double[REPS];
    for (int r = 0; r < REPS; r++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < n; k++) {
        launch.accept(i++);
      }
      cuda.synchronize();
      s[r] = (System.nanoTime() - t0) / 1e9 / n;
    }
    Arrays.sort(s);
    return new Timing(s[REPS / 2], s[0], s[REPS - 1], n);
  }

  private static final double GIB = 1L << 30;

  private static String ms(double[] seconds) {
    StringBuilder b = new StringBuilder();
    for (double s : seconds) {
      b.append(b.isEmpty() ? "" : "/").append(fmt(s * 1e3, 2));
    }
    return b.toString();
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static Map<String, Object> kv(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** {@code RESULT <figure> key=value ...}: values without spaces, floats to 4 significant digits. */
  private static void result(String figure, Map<String, Object> values) {
    StringBuilder b = new StringBuilder("RESULT ").append(figure);
    values.forEach((k, v) -> {
      String text = v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d)
          : String.valueOf(v);
      b.append(' ').append(k).append('=').append(text.replace(' ', '_'));
    });
    System.out.println(b);
  }

  private void row(String figure, String value, String fraction) {
    table.add("| " + figure + " | " + value + " | " + fraction + " |");
  }
}
