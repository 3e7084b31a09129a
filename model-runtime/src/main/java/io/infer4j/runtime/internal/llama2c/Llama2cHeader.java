package io.infer4j.runtime.internal.llama2c;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.io.SegmentReader;

/**
 * The legacy (version 0) llama2.c checkpoint header: seven little-endian int32 fields. A negative
 * {@code vocab_size} means the file carries a separate classifier after the other tensors.
 *
 * <p>The header has no magic, so a file that is not a checkpoint at all reads as a header with
 * absurd fields. The loader comes here for every file without the GGUF magic, so a header that
 * fails validation is reported as {@value #NOT_A_MODEL} first, then the field at fault.
 *
 * @param dim model width
 * @param hiddenDim feed-forward width
 * @param layers blocks
 * @param heads query heads
 * @param kvHeads key/value heads
 * @param vocabSize vocabulary size (absolute value of the stored field)
 * @param seqLen maximum sequence length
 * @param sharedClassifier whether the classifier is the token embedding (stored field positive)
 */
public record Llama2cHeader(
    int dim,
    int hiddenDim,
    int layers,
    int heads,
    int kvHeads,
    int vocabSize,
    int seqLen,
    boolean sharedClassifier) {

  /** Bytes of the header. */
  public static final int BYTES = 7 * 4;

  /** How a format error starts when the file is neither format the loader knows. */
  static final String NOT_A_MODEL = "not a GGUF or llama2.c model file";

  /** "ak42" read as a little-endian int32: the magic of llama2.c's newer export versions. */
  static final int NEW_FORMAT_MAGIC = 0x616b3432;

  /** run.c's RMSNorm epsilon. */
  public static final float RMS_EPS = 1e-5f;

  /** run.c's RoPE base. */
  public static final float ROPE_BASE = 10000f;

  /**
   * Reads and validates the header at the reader's position.
   *
   * @throws ModelFormatException if the file is too short or a field is out of range, including a
   *     {@code seq_len} above {@link ModelConfig#MAX_CONTEXT_LENGTH} (starting
   *     {@value #NOT_A_MODEL}), or if it is a llama2.c export of a newer version
   */
  public static Llama2cHeader read(SegmentReader in) {
    if (in.remaining() < BYTES) {
      throw notAModel(
          in, in.remaining() + " bytes, too short for the 28-byte llama2.c header (truncated?)");
    }
    int dim = in.readInt("dim");
    if (dim == NEW_FORMAT_MAGIC) {
      throw in.error(
          "this is a llama2.c export of version "
              + (in.remaining() >= 4 ? in.readInt("version") : -1)
              + " (magic \"ak42\"); only the legacy (version 0) checkpoint is supported");
    }
    int hidden = in.readInt("hidden_dim");
    int layers = in.readInt("n_layers");
    int heads = in.readInt("n_heads");
    int kvHeads = in.readInt("n_kv_heads");
    int vocab = in.readInt("vocab_size");
    int seqLen = in.readInt("seq_len");
    positive(in, "dim", dim);
    positive(in, "hidden_dim", hidden);
    positive(in, "n_layers", layers);
    positive(in, "n_heads", heads);
    positive(in, "n_kv_heads", kvHeads);
    positive(in, "seq_len", seqLen);
    if (vocab == 0 || vocab == Integer.MIN_VALUE) {
      throw notAModel(in, "llama2.c header field vocab_size = " + vocab + " is invalid");
    }
    if (dim % heads != 0) {
      throw notAModel(in, "llama2.c header: dim " + dim + " is not a multiple of n_heads " + heads);
    }
    if (kvHeads > heads || heads % kvHeads != 0) {
      throw notAModel(
          in, "llama2.c header: n_heads " + heads + " is not a multiple of n_kv_heads " + kvHeads);
    }
    if ((dim / heads) % 2 != 0) {
      throw notAModel(
          in, "llama2.c header: head size " + dim / heads + " is odd; RoPE needs pairs");
    }
    if (seqLen > ModelConfig.MAX_CONTEXT_LENGTH) {
      throw notAModel(in, "llama2.c header field " + ModelConfig.tooLong("seq_len", seqLen));
    }
    return new Llama2cHeader(
        dim, hidden, layers, heads, kvHeads, Math.abs(vocab), seqLen, vocab > 0);
  }

  private static void positive(SegmentReader in, String field, int value) {
    if (value <= 0) {
      throw notAModel(in, "llama2.c header field " + field + " = " + value + " is not positive");
    }
  }

  /** {@value #NOT_A_MODEL}, then {@code detail}: the file cannot be a checkpoint. */
  static ModelFormatException notAModel(SegmentReader in, String detail) {
    return in.error(NOT_A_MODEL + ": " + detail);
  }

  /** Bytes of a checkpoint with this header, or -1 if that overflows. */
  public long fileBytes() {
    long floats = floatCount();
    return floats < 0 || floats > (Long.MAX_VALUE - BYTES) / 4 ? -1 : BYTES + floats * 4;
  }

  /** The model config: run.c's epsilon and RoPE base, context length {@code seqLen}. */
  public ModelConfig toConfig() {
    return new ModelConfig(
        dim, hiddenDim, layers, heads, kvHeads, vocabSize, seqLen, ROPE_BASE, RMS_EPS);
  }

  /**
   * Float count of everything after the header, in run.c order, or -1 if it overflows: embedding,
   * rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, freq_cis_real and _imag (unused), then
   * the classifier when not shared.
   */
  public long floatCount() {
    try {
      long d = dim;
      long kv = (long) kvHeads * (dim / heads);
      long l = layers;
      long h = hiddenDim;
      long n = Math.multiplyExact((long) vocabSize, d);
      n = Math.addExact(n, Math.multiplyExact(l, d)); // rms_att
      n = Math.addExact(n, Math.multiplyExact(l, Math.multiplyExact(d, d))); // wq
      n = Math.addExact(n, Math.multiplyExact(2 * l, Math.multiplyExact(d, kv))); // wk, wv
      n = Math.addExact(n, Math.multiplyExact(l, Math.multiplyExact(d, d))); // wo
      n = Math.addExact(n, Math.multiplyExact(l, d)); // rms_ffn
      n = Math.addExact(n, Math.multiplyExact(3 * l, Math.multiplyExact(d, h))); // w1, w2, w3
      n = Math.addExact(n, d); // rms_final
      n = Math.addExact(n, Math.multiplyExact((long) seqLen, dim / heads)); // freq_cis re + im
      if (!sharedClassifier) {
        n = Math.addExact(n, Math.multiplyExact((long) vocabSize, d));
      }
      return n;
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
