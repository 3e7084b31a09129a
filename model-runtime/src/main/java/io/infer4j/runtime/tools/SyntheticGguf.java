package io.infer4j.runtime.tools;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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
 * OUT.gguf VOCAB.gguf [Q8_0|F16] [SEED]} writes TinyLlama's shape ({@link LlamaShape#tinyLlama()}).
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
  private static final int GGML_F32 = 0;

  private SyntheticGguf() {}

  /** See the class comment for the arguments. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: SyntheticGguf OUT.gguf VOCAB.gguf [Q8_0|F16] [SEED]");
      System.exit(2);
    }
    SyntheticType type = args.length > 2 ? SyntheticType.valueOf(args[2]) : SyntheticType.Q8_0;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
    Path out = Path.of(args[0]);
    write(out, Path.of(args[1]), LlamaShape.tinyLlama(), type, seed);
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
    GgufVocabulary vocab = GgufVocabulary.read(vocabFile);
    List<Tensor> tensors = tensors(shape, vocab.vocabSize(), type);
    Path part = out.resolveSibling(out.getFileName() + ".part");
    checkFreeSpace(out, tensors);
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
      CountingWriter w = new CountingWriter(os);
      writeHeader(w, shape, type, vocab, tensors);
      w.pad(ALIGNMENT);
      SplittableRandom random = new SplittableRandom(seed);
      for (Tensor t : tensors) {
        for (int r = 0; r < t.rows; r++) {
          w.raw(randomRow(random, t.type, t.cols));
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
  private record Tensor(String name, int rows, int cols, int type) {
    long bytes() {
      if (type == GGML_F32) {
        return (long) rows * cols * Float.BYTES;
      }
      SyntheticType t = type == SyntheticType.Q8_0.ggmlId ? SyntheticType.Q8_0 : SyntheticType.F16;
      return rows * t.rowBytes(cols);
    }
  }

  private static List<Tensor> tensors(LlamaShape s, int vocab, SyntheticType type) {
    int m = type.ggmlId;
    List<Tensor> list = new ArrayList<>();
    list.add(new Tensor("token_embd.weight", vocab, s.dim(), m));
    for (int l = 0; l < s.layers(); l++) {
      String p = "blk." + l + ".";
      list.add(new Tensor(p + "attn_norm.weight", 1, s.dim(), GGML_F32));
      list.add(new Tensor(p + "attn_q.weight", s.dim(), s.dim(), m));
      list.add(new Tensor(p + "attn_k.weight", s.kvDim(), s.dim(), m));
      list.add(new Tensor(p + "attn_v.weight", s.kvDim(), s.dim(), m));
      list.add(new Tensor(p + "attn_output.weight", s.dim(), s.dim(), m));
      list.add(new Tensor(p + "ffn_norm.weight", 1, s.dim(), GGML_F32));
      list.add(new Tensor(p + "ffn_gate.weight", s.hiddenDim(), s.dim(), m));
      list.add(new Tensor(p + "ffn_up.weight", s.hiddenDim(), s.dim(), m));
      list.add(new Tensor(p + "ffn_down.weight", s.dim(), s.hiddenDim(), m));
    }
    list.add(new Tensor("output_norm.weight", 1, s.dim(), GGML_F32));
    list.add(new Tensor("output.weight", vocab, s.dim(), m));
    return list;
  }

  private static void writeHeader(
      CountingWriter w, LlamaShape s, SyntheticType type, GgufVocabulary vocab, List<Tensor> ts)
      throws IOException {
    w.u32(0x46554747); // "GGUF"
    w.u32(3);
    w.u64(ts.size());
    w.u64(11 + vocab.count());
    w.string("general.architecture");
    w.u32(TYPE_STRING);
    w.string("llama");
    w.string("general.name");
    w.u32(TYPE_STRING);
    w.string("synthetic " + s.layers() + "x" + s.dim() + " " + type);
    uint(w, "general.file_type", type.fileType);
    uint(w, "llama.context_length", s.contextLength());
    uint(w, "llama.embedding_length", s.dim());
    uint(w, "llama.block_count", s.layers());
    uint(w, "llama.feed_forward_length", s.hiddenDim());
    uint(w, "llama.rope.dimension_count", s.headSize());
    uint(w, "llama.attention.head_count", s.heads());
    uint(w, "llama.attention.head_count_kv", s.kvHeads());
    w.string("llama.attention.layer_norm_rms_epsilon");
    w.u32(TYPE_F32);
    w.f32(1e-5f);
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
      w.u32(t.type);
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

  private static byte[] randomRow(SplittableRandom random, int type, int cols) {
    if (type == GGML_F32) { // norm weights around 1
      ByteBuffer b = ByteBuffer.allocate(cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < cols; i++) {
        b.putFloat(0.9f + 0.2f * (float) random.nextDouble());
      }
      return b.array();
    }
    if (type == SyntheticType.F16.ggmlId) { // uniform in +-0.035: standard deviation 0.02
      ByteBuffer b = ByteBuffer.allocate(cols * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < cols; i++) {
        b.putShort(Float.floatToFloat16((float) (random.nextDouble() * 0.07 - 0.035)));
      }
      return b.array();
    }
    // Q8_0: per block an fp16 scale 0.035 / 127 and 32 uniform int8 quants
    int blocks = cols / LlamaShape.BLOCK;
    byte[] row = new byte[blocks * 34];
    short scale = Float.floatToFloat16(0.035f / 127);
    for (int b = 0; b < blocks; b++) {
      int base = b * 34;
      row[base] = (byte) scale;
      row[base + 1] = (byte) (scale >> 8);
      for (int i = 0; i < 32; i += 8) {
        long bits = random.nextLong();
        for (int k = 0; k < 8; k++) {
          byte q = (byte) (bits >>> (8 * k));
          row[base + 2 + i + k] = q == Byte.MIN_VALUE ? -127 : q; // GGML quants stay in +-127
        }
      }
    }
    return row;
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
