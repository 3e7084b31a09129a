package io.infer4j.runtime.tools;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a Llama-shaped GGUF v3 file with seeded random weights and the tokenizer copied from
 * another GGUF file (for example the 32k Llama 2 vocabulary of {@code ggml-vocab-llama-spm.gguf}),
 * for speed measurements: speed does not depend on the weights' values.
 *
 * <p>The file is streamed: memory use is one row, whatever the model size. It is written to
 * {@code OUT.part} and renamed when complete. Weights are uniform with standard deviation about
 * 0.02 (norm weights about 1), so activations stay finite. The same arguments give the same bytes.
 *
 * <p>Command line: {@code java -cp infer4j-model-runtime.jar io.infer4j.runtime.tools.SyntheticGguf
 * OUT.gguf VOCAB.gguf [TYPE] [SEED] [DIM,LAYERS,HEADS,KV_HEADS,FFN,CONTEXT[,HEAD_SIZE]] [ARCH]
 * [PRE]} writes TYPE (a {@link SyntheticType}, default Q8_0) in the shape given, by default
 * TinyLlama's ({@link LlamaShape#tinyLlama()}), as ARCH ({@code llama}, the default, {@code qwen2}
 * or {@code qwen3}; see {@link SyntheticArchitecture}), with {@code tokenizer.ggml.pre = PRE} in
 * place of the vocabulary's where PRE is given ({@code none}: no such key).
 *
 * <p>Stateless and thread-safe; errors are {@link UncheckedIOException} (I/O, or too little free
 * disk space for the tensors, checked before writing) and {@link
 * io.infer4j.ModelFormatException} (a vocabulary file that is not a GGUF with a token list).
 */
public final class SyntheticGguf {
  private static final int ALIGNMENT = 32; // GGUF's default general.alignment
  private static final int TYPE_U32 = 4;
  private static final int TYPE_F32 = 6;
  private static final int TYPE_STRING = 8;
  private static final int FILE_TYPE_ALL_F32 = 0;
  private static final String DECODED_SUFFIX = "-as-F32";
  private static final String PRE = "tokenizer.ggml.pre";

  private SyntheticGguf() {}

  /** See the class comment for the arguments. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: SyntheticGguf OUT.gguf VOCAB.gguf [TYPE] [SEED]"
          + " [DIM,LAYERS,HEADS,KV_HEADS,FFN,CONTEXT[,HEAD_SIZE]] [llama|qwen2|qwen3] [PRE|none]");
      System.exit(2);
    }
    String typeArg = args.length > 2 ? args[2] : "Q8_0";
    boolean decoded = typeArg.endsWith(DECODED_SUFFIX);
    SyntheticType type = SyntheticType.valueOf(
        decoded ? typeArg.substring(0, typeArg.length() - DECODED_SUFFIX.length()) : typeArg);
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
    LlamaShape shape = args.length > 4 ? parseShape(args[4]) : LlamaShape.tinyLlama();
    SyntheticArchitecture arch = args.length > 5
        ? SyntheticArchitecture.valueOf(args[5].toUpperCase(Locale.ROOT))
        : SyntheticArchitecture.LLAMA;
    Path out = Path.of(args[0]);
    String pre = args.length > 6 ? args[6] : null;
    write(out, Path.of(args[1]), shape, type, seed, decoded, arch, false, pre);
    try {
      System.err.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code out}: the shape's tensors in {@code type} (separate output matrix), F32 norms,
   * and every {@code tokenizer.*} key of {@code vocabFile}.
   */
  public static void write(
      Path out, Path vocabFile, LlamaShape shape, SyntheticType type, long seed) {
    write(out, vocabFile, shape, type, seed, false);
  }

  /**
   * As {@link #write(Path, Path, LlamaShape, SyntheticType, long)}; with {@code decoded}, every
   * matrix is stored as the F32 values its {@code type} blocks decode to (this runtime's decoding),
   * so that another engine can run the same weights unquantized: the file's twin for checking how
   * an engine decodes {@code type}. (Command line: TYPE{@value #DECODED_SUFFIX}.)
   */
  public static void write(Path out, Path vocabFile, LlamaShape shape, SyntheticType type,
      long seed, boolean decoded) {
    write(out, vocabFile, shape, type, seed, decoded, SyntheticArchitecture.LLAMA, false);
  }

  /**
   * As {@link #write(Path, Path, LlamaShape, SyntheticType, long, boolean)}, declaring {@code
   * arch}: its keys ({@code qwen2.block_count}, ...), its extra tensors (Qwen2's F32 Q, K, V
   * biases, uniform in +-0.5 so that they matter; Qwen3's F32 query and key norms, around 1), and
   * for Qwen {@code tokenizer.ggml.pre = qwen2} in place of the vocabulary file's. With {@code
   * tied}, no {@code output.weight} is written: the classifier is the embedding.
   */
  public static void write(Path out, Path vocabFile, LlamaShape shape, SyntheticType type,
      long seed, boolean decoded, SyntheticArchitecture arch, boolean tied) {
    write(out, vocabFile, shape, type, seed, decoded, arch, tied, null);
  }

  /**
   * As above, with {@code tokenizer.ggml.pre = pre} in place of the vocabulary's (and of Qwen's
   * {@code qwen2}); {@code "none"} leaves the key out, null keeps the default.
   */
  public static void write(Path out, Path vocabFile, LlamaShape shape, SyntheticType type,
      long seed, boolean decoded, SyntheticArchitecture arch, boolean tied, String pre) {
    if (!shape.dividedHeads() && arch != SyntheticArchitecture.QWEN3) {
      throw new IllegalArgumentException(
          "heads wider than dim / heads are written for qwen3 only, not " + arch.key());
    }
    if (shape.dim() % type.blockSize() != 0 || shape.hiddenDim() % type.blockSize() != 0
        || shape.queryDim() % type.blockSize() != 0) {
      throw new IllegalArgumentException(type + " needs dim, hiddenDim and heads x headSize in"
          + " multiples of " + type.blockSize() + ", got " + shape.dim() + ", "
          + shape.hiddenDim() + " and " + shape.queryDim());
    }
    boolean qwen = arch != SyntheticArchitecture.LLAMA;
    String preValue = pre == null ? (qwen ? "qwen2" : null) : pre.equals("none") ? "" : pre;
    GgufVocabulary vocab = GgufVocabulary.read(vocabFile, preValue == null ? "" : PRE);
    List<Tensor> tensors = tensors(shape, vocab.vocabSize(), type, decoded, arch, tied);
    Path part = out.resolveSibling(out.getFileName() + ".part");
    checkFreeSpace(out, tensors);
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
      CountingWriter w = new CountingWriter(os);
      writeHeader(w, shape, type, decoded, vocab, tensors, arch, preValue);
      w.pad(ALIGNMENT);
      SplittableRandom random = new SplittableRandom(seed);
      for (Tensor t : tensors) {
        for (int r = 0; r < t.rows; r++) {
          if (t.type == null) {
            w.raw(t.bias ? randomBias(random, t.cols) : randomNorm(random, t.cols));
          } else {
            byte[] row = randomRow(random, t.type, t.cols);
            w.raw(t.decoded ? decode(t, row) : row);
          }
        }
        w.pad(ALIGNMENT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + part, e);
    }
    try {
      Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + part + " to " + out, e);
    }
  }

  private static LlamaShape parseShape(String text) {
    String[] p = text.split(",");
    if (p.length != 6 && p.length != 7) {
      throw new IllegalArgumentException(
          "shape must be DIM,LAYERS,HEADS,KV_HEADS,FFN,CONTEXT[,HEAD_SIZE], got " + text);
    }
    int[] v = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      v[i] = Integer.parseInt(p[i].strip());
    }
    return p.length == 6 ? new LlamaShape(v[0], v[1], v[2], v[3], v[4], v[5])
        : new LlamaShape(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
  }

  /** Fails before writing anything when the target's file system lacks room for the tensors. */
  private static void checkFreeSpace(Path out, List<Tensor> tensors) {
    long need = 0;
    for (Tensor t : tensors) {
      need += align(t.bytes());
    }
    try {
      Path dir = out.toAbsolutePath().getParent();
      long free = Files.getFileStore(dir).getUsableSpace();
      if (free < need + (64L << 20)) { // 64 MiB for the header and to leave the disk usable
        throw new UncheckedIOException(
            new IOException(
                "not enough disk space for " + out + ": needs " + need + " bytes, " + free
                    + " free"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check free space for " + out, e);
    }
  }

  /** One tensor: {@code rows} rows of {@code cols} elements ({@code ne = [cols, rows]}). */
  private record Tensor(
      String name, int rows, int cols, SyntheticType type, boolean decoded, boolean bias) {
    Tensor(String name, int rows, int cols, SyntheticType type, boolean decoded) {
      this(name, rows, cols, type, decoded, false);
    }

    /** A norm vector: F32. */
    static Tensor norm(String name, int cols) {
      return new Tensor(name, 1, cols, null, false, false);
    }

    /** A bias vector: F32. */
    static Tensor bias(String name, int cols) {
      return new Tensor(name, 1, cols, null, false, true);
    }

    /** Stored as F32: a norm, or a matrix written decoded. */
    boolean isF32() {
      return type == null || decoded;
    }

    int ggmlId() {
      return isF32() ? GgmlType.F32.id() : type.ggml.id();
    }

    long bytes() {
      return isF32() ? (long) rows * cols * Float.BYTES : rows * type.rowBytes(cols);
    }
  }

  private static List<Tensor> tensors(LlamaShape s, int vocab, SyntheticType type,
      boolean decoded, SyntheticArchitecture arch, boolean tied) {
    List<Tensor> list = new ArrayList<>();
    list.add(new Tensor("token_embd.weight", vocab, s.dim(), type, decoded));
    for (int l = 0; l < s.layers(); l++) {
      String p = "blk." + l + ".";
      list.add(Tensor.norm(p + "attn_norm.weight", s.dim()));
      list.add(new Tensor(p + "attn_q.weight", s.queryDim(), s.dim(), type, decoded));
      list.add(new Tensor(p + "attn_k.weight", s.kvDim(), s.dim(), type, decoded));
      list.add(new Tensor(p + "attn_v.weight", s.kvDim(), s.dim(), type, decoded));
      if (arch.qkvBias) {
        list.add(Tensor.bias(p + "attn_q.bias", s.queryDim()));
        list.add(Tensor.bias(p + "attn_k.bias", s.kvDim()));
        list.add(Tensor.bias(p + "attn_v.bias", s.kvDim()));
      }
      if (arch.qkNorm) {
        list.add(Tensor.norm(p + "attn_q_norm.weight", s.headSize()));
        list.add(Tensor.norm(p + "attn_k_norm.weight", s.headSize()));
      }
      list.add(new Tensor(p + "attn_output.weight", s.dim(), s.queryDim(), type, decoded));
      list.add(Tensor.norm(p + "ffn_norm.weight", s.dim()));
      list.add(new Tensor(p + "ffn_gate.weight", s.hiddenDim(), s.dim(), type, decoded));
      list.add(new Tensor(p + "ffn_up.weight", s.hiddenDim(), s.dim(), type, decoded));
      list.add(new Tensor(p + "ffn_down.weight", s.dim(), s.hiddenDim(), type, decoded));
    }
    list.add(Tensor.norm("output_norm.weight", s.dim()));
    if (!tied) {
      list.add(new Tensor("output.weight", vocab, s.dim(), type, decoded));
    }
    return list;
  }

  private static void writeHeader(
      CountingWriter w, LlamaShape s, SyntheticType type, boolean decoded, GgufVocabulary vocab,
      List<Tensor> ts, SyntheticArchitecture arch, String pre)
      throws IOException {
    boolean writesPre = pre != null && !pre.isEmpty();
    boolean qwen = arch != SyntheticArchitecture.LLAMA;
    boolean qwen3 = arch == SyntheticArchitecture.QWEN3;
    String a = arch.key + ".";
    w.u32(0x46554747); // "GGUF"
    w.u32(3);
    w.u64(ts.size());
    w.u64(11 + (qwen ? 1 : 0) + (writesPre ? 1 : 0) + (qwen3 ? 2 : 0) + vocab.count());
    w.string("general.architecture");
    w.u32(TYPE_STRING);
    w.string(arch.key);
    w.string("general.name");
    w.u32(TYPE_STRING);
    w.string("synthetic " + s.layers() + "x" + s.dim() + " " + type + (decoded ? DECODED_SUFFIX : ""));
    uint(w, "general.file_type", decoded ? FILE_TYPE_ALL_F32 : type.fileType);
    uint(w, a + "context_length", s.contextLength());
    uint(w, a + "embedding_length", s.dim());
    uint(w, a + "block_count", s.layers());
    uint(w, a + "feed_forward_length", s.hiddenDim());
    uint(w, a + "rope.dimension_count", s.headSize());
    uint(w, a + "attention.head_count", s.heads());
    uint(w, a + "attention.head_count_kv", s.kvHeads());
    w.string(a + "attention.layer_norm_rms_epsilon");
    w.u32(TYPE_F32);
    w.f32(qwen ? 1e-6f : 1e-5f); // Qwen2.5 and Qwen3 configs: rms_norm_eps 1e-6
    if (qwen) {
      w.string(a + "rope.freq_base");
      w.u32(TYPE_F32);
      w.f32(arch.ropeBase);
    }
    if (writesPre) {
      w.string(PRE);
      w.u32(TYPE_STRING);
      w.string(pre);
    }
    if (qwen3) {
      uint(w, a + "attention.key_length", s.headSize());
      uint(w, a + "attention.value_length", s.headSize());
    }
    w.raw(vocab.entries());
    long offset = 0;
    for (Tensor t : ts) {
      w.string(t.name);
      if (t.rows == 1) {
        w.u32(1);
        w.u64(t.cols);
      } else {
        w.u32(2);
        w.u64(t.cols);
        w.u64(t.rows);
      }
      w.u32(t.ggmlId());
      w.u64(offset);
      offset += align(t.bytes());
    }
  }

  private static void uint(CountingWriter w, String key, int value) throws IOException {
    w.string(key);
    w.u32(TYPE_U32);
    w.u32(value);
  }

  private static long align(long n) {
    return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /** The F32 little-endian bytes that the {@code t.type} blocks of {@code row} decode to. */
  private static byte[] decode(Tensor t, byte[] row) {
    float[] values = new float[t.cols];
    TensorViews.of(t.name, t.type.ggml, MemorySegment.ofArray(row), 1, t.cols)
        .readRow(0, values, 0);
    ByteBuffer b = ByteBuffer.allocate(t.cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** Bias values uniform in +-0.5. */
  private static byte[] randomBias(SplittableRandom random, int cols) {
    ByteBuffer b = ByteBuffer.allocate(cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < cols; i++) {
      b.putFloat((float) random.nextDouble() - 0.5f);
    }
    return b.array();
  }

  /** Norm weights around 1. */
  private static byte[] randomNorm(SplittableRandom random, int cols) {
    ByteBuffer b = ByteBuffer.allocate(cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < cols; i++) {
      b.putFloat(0.9f + 0.2f * (float) random.nextDouble());
    }
    return b.array();
  }

  /**
   * A row of {@code type}: F16 or BF16 (truncated) uniform in +-0.035 (standard deviation 0.02);
   * a block type gets random bytes with its fp16 fields set so that its values have a standard
   * deviation of about 0.02 and a mean near 0 (see {@link #fixBlock}).
   */
  private static byte[] randomRow(SplittableRandom random, SyntheticType type, int cols) {
    if (type == SyntheticType.F16 || type == SyntheticType.BF16) {
      ByteBuffer b = ByteBuffer.allocate(cols * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < cols; i++) {
        float v = (float) (random.nextDouble() * 0.07 - 0.035);
        b.putShort(type == SyntheticType.F16 ? Float.floatToFloat16(v)
            : (short) (Float.floatToRawIntBits(v) >>> 16));
      }
      return b.array();
    }
    byte[] row = new byte[(int) type.rowBytes(cols)];
    for (int i = 0; i < row.length; i += 8) {
      long bits = random.nextLong();
      for (int k = 0; k < 8 && i + k < row.length; k++) {
        row[i + k] = (byte) (bits >>> (8 * k));
      }
    }
    ByteBuffer b = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
    for (int base = 0; base < row.length; base += type.ggml.blockBytes()) {
      fixBlock(b, base, type, random);
    }
    return row;
  }

  /**
   * Sets the fp16 fields of the block at {@code base}: scales from the spread of its random codes
   * (a uniform n-bit code has standard deviation about 2^n / 3.5), minimums that centre it.
   */
  private static void fixBlock(ByteBuffer b, int base, SyntheticType type, SplittableRandom r) {
    switch (type) {
      case Q8_0 -> {
        b.putShort(base, Float.floatToFloat16(0.035f / 127));
        for (int i = 2; i < 34; i++) {
          if (b.get(base + i) == Byte.MIN_VALUE) {
            b.put(base + i, (byte) -127); // GGML quants stay in +-127
          }
        }
      }
      case Q4_0, Q5_0 -> b.putShort(base, f16(0.02f * 3.5f / (type == SyntheticType.Q4_0 ? 16 : 32)));
      case Q4_1, Q5_1 -> {
        int levels = type == SyntheticType.Q4_1 ? 16 : 32;
        float d = 0.02f * 3.5f / levels;
        b.putShort(base, f16(d));
        b.putShort(base + 2, f16(-d * (levels - 1) / 2f));
      }
      case Q4_K, Q5_K -> {
        // d * scale * q - dmin * min, scale and min random 6-bit: centre with dmin = d * mean(q)
        int levels = type == SyntheticType.Q4_K ? 16 : 32;
        float d = 0.02f / (levels / 3.5f * 32 + (levels - 1) / 2f * 26);
        b.putShort(base, f16(d));
        b.putShort(base + 2, f16(d * (levels - 1) / 2f));
      }
      case Q6_K -> {
        // d * scale * (q - 32), int8 scales kept to +-32 so that d stays a normal fp16
        for (int i = 192; i < 208; i++) {
          b.put(base + i, (byte) (r.nextInt(65) - 32));
        }
        b.putShort(base + 208, f16(0.02f / (18.5f * 18.5f)));
      }
      case F16, BF16 -> throw new AssertionError(type + " has no blocks");
    }
  }

  private static short f16(float v) {
    return Float.floatToFloat16(v);
  }

  /** Little-endian GGUF primitives over a stream, counting bytes for alignment padding. */
  private static final class CountingWriter {
    private final OutputStream os;
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    CountingWriter(OutputStream os) {
      this.os = os;
    }

    void raw(byte[] bytes) throws IOException {
      os.write(bytes);
      written += bytes.length;
    }

    void u32(int v) throws IOException {
      scratch.clear();
      scratch.putInt(v);
      os.write(scratch.array(), 0, 4);
      written += 4;
    }

    void u64(long v) throws IOException {
      scratch.clear();
      scratch.putLong(v);
      os.write(scratch.array(), 0, 8);
      written += 8;
    }

    void f32(float v) throws IOException {
      u32(Float.floatToRawIntBits(v));
    }

    void string(String s) throws IOException {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      u64(bytes.length);
      raw(bytes);
    }

    void pad(int alignment) throws IOException {
      long pad = (alignment - written % alignment) % alignment;
      raw(new byte[(int) pad]);
    }
  }
}
