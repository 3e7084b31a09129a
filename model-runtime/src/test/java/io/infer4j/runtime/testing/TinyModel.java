package io.infer4j.runtime.testing;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small Llama with seeded random weights (dim 32, hidden 64, 2 layers, 4 heads, 2 KV heads, 40
 * tokens, 16 positions), written as a llama2.c checkpoint + tokenizer or as GGUF with the matrices
 * in any supported type. {@link #quantized} gives the twin whose float32 weights equal what a GGUF
 * of that type dequantizes to, so both files must give identical logits.
 */
public final class TinyModel {
  public static final int DIM = 32;
  public static final int HIDDEN = 64;
  public static final int LAYERS = 2;
  public static final int HEADS = 4;
  public static final int KV_HEADS = 2;
  public static final int KV_DIM = DIM / HEADS * KV_HEADS;
  public static final int VOCAB = 40;
  public static final int SEQ = 16;

  // weights, stacked over layers as in a llama2.c checkpoint
  final float[] embedding; // (vocab, dim)
  final float[] rmsAtt; // (layer, dim)
  final float[] wq; // (layer, dim, dim)
  final float[] wk; // (layer, kvDim, dim)
  final float[] wv; // (layer, kvDim, dim)
  final float[] wo; // (layer, dim, dim)
  final float[] rmsFfn; // (layer, dim)
  final float[] w1; // (layer, hidden, dim)
  final float[] w2; // (layer, dim, hidden)
  final float[] w3; // (layer, hidden, dim)
  final float[] rmsFinal; // (dim)
  final float[] classifier; // (vocab, dim) or null when tied

  private TinyModel(float[][] w) {
    embedding = w[0];
    rmsAtt = w[1];
    wq = w[2];
    wk = w[3];
    wv = w[4];
    wo = w[5];
    rmsFfn = w[6];
    w1 = w[7];
    w2 = w[8];
    w3 = w[9];
    rmsFinal = w[10];
    classifier = w[11];
  }

  private float[][] all() {
    return new float[][] {
      embedding, rmsAtt, wq, wk, wv, wo, rmsFfn, w1, w2, w3, rmsFinal, classifier
    };
  }

  /** Random weights from {@code seed}; a separate classifier when {@code tied} is false. */
  public static TinyModel random(long seed, boolean tied) {
    Random r = new Random(seed);
    int[] sizes = {
      VOCAB * DIM,
      LAYERS * DIM,
      LAYERS * DIM * DIM,
      LAYERS * KV_DIM * DIM,
      LAYERS * KV_DIM * DIM,
      LAYERS * DIM * DIM,
      LAYERS * DIM,
      LAYERS * HIDDEN * DIM,
      LAYERS * DIM * HIDDEN,
      LAYERS * HIDDEN * DIM,
      DIM,
      VOCAB * DIM
    };
    float[][] w = new float[12][];
    for (int i = 0; i < 12; i++) {
      w[i] = new float[sizes[i]];
      boolean norm = i == 1 || i == 6 || i == 10;
      for (int j = 0; j < sizes[i]; j++) {
        w[i][j] = norm ? 1f + 0.1f * (float) r.nextGaussian() : 0.3f * (float) r.nextGaussian();
      }
    }
    if (tied) {
      w[11] = null;
    }
    return new TinyModel(w);
  }

  /** Whether the classifier is the embedding. */
  public boolean tied() {
    return classifier == null;
  }

  /** The twin whose matrices hold exactly what {@code type} storage dequantizes to. */
  public TinyModel quantized(GgmlType type) {
    float[][] w = all();
    float[][] q = new float[12][];
    for (int i = 0; i < 12; i++) {
      boolean matrix = !(i == 1 || i == 6 || i == 10);
      q[i] = w[i] == null ? null : matrix ? Quantize.roundTrip(type, w[i]) : w[i].clone();
    }
    return new TinyModel(q);
  }

  /** Writes the llama2.c checkpoint (legacy v0). */
  public Path writeLlama2c(Path dir, String name) {
    ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(DIM)
        .putInt(HIDDEN)
        .putInt(LAYERS)
        .putInt(HEADS)
        .putInt(KV_HEADS)
        .putInt(tied() ? VOCAB : -VOCAB)
        .putInt(SEQ);
    for (float[] t :
        new float[][] {embedding, rmsAtt, wq, wk, wv, wo, rmsFfn, w1, w2, w3, rmsFinal}) {
      for (float f : t) {
        b.putFloat(f);
      }
    }
    for (int i = 0; i < SEQ * (DIM / HEADS); i++) {
      b.putFloat(0f); // freq_cis_real and _imag, unused
    }
    if (!tied()) {
      for (float f : classifier) {
        b.putFloat(f);
      }
    }
    return write(dir, name, java.util.Arrays.copyOf(b.array(), b.position()));
  }

  /** The tokenizer pieces: specials, space, a..z, then a few merges. */
  public static List<String> pieces() {
    List<String> p = new ArrayList<>(List.of("<unk>", "<s>", "</s>", " "));
    for (char c = 'a'; c <= 'z'; c++) {
      p.add(String.valueOf(c));
    }
    p.addAll(List.of(" a", " b", "ab", "ba", "abc", " ab", "he", " he", "llo", " hello"));
    return p;
  }

  /** Merge scores: single characters 0, merges -1, -2, ... in order. */
  public static float[] scores() {
    List<String> p = pieces();
    float[] s = new float[p.size()];
    for (int i = 30; i < s.length; i++) {
      s[i] = -(i - 29);
    }
    return s;
  }

  /** Writes the llama2.c tokenizer file for {@link #pieces()}. */
  public static Path writeTokenizer(Path dir, String name) {
    return writeTokenizer(dir, name, VOCAB);
  }

  /**
   * Writes a llama2.c tokenizer file of {@code tokens} tokens, the tokenizer of another model:
   * {@link #pieces()} cut short, or followed by "z0", "z1", ... scored below every merge.
   */
  public static Path writeTokenizer(Path dir, String name, int tokens) {
    List<String> pieces = new ArrayList<>(pieces().subList(0, Math.min(tokens, VOCAB)));
    float[] scores = java.util.Arrays.copyOf(scores(), tokens);
    for (int i = VOCAB; i < tokens; i++) {
      pieces.add("z" + (i - VOCAB));
      scores[i] = -i;
    }
    return writeTokenizer(dir, name, pieces, scores);
  }

  private static Path writeTokenizer(Path dir, String name, List<String> pieces, float[] scores) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    out.write(b.putInt(0, 8).array(), 0, 4);
    for (int i = 0; i < pieces.size(); i++) {
      byte[] bytes = pieces.get(i).getBytes(StandardCharsets.UTF_8);
      out.writeBytes(b.putFloat(0, scores[i]).putInt(4, bytes.length).array());
      out.writeBytes(bytes);
    }
    return write(dir, name, out.toByteArray());
  }

  /** Writes a GGUF file with every matrix stored as {@code type} and norms as F32. */
  public Path writeGguf(Path dir, String name, GgmlType type, int contextLength) {
    return writeGguf(dir, name, type, contextLength, null);
  }

  /** As {@link #writeGguf(Path, String, GgmlType, int)}, with a chat template unless null. */
  public Path writeGguf(
      Path dir, String name, GgmlType type, int contextLength, String chatTemplate) {
    return writeGguf(dir, name, type, contextLength, chatTemplate, GgufExtras.none());
  }

  /** As {@link #writeGguf(Path, String, GgmlType, int, String)}, plus {@code extras}. */
  public Path writeGguf(
      Path dir,
      String name,
      GgmlType type,
      int contextLength,
      String chatTemplate,
      GgufExtras extras) {
    List<Object[]> tensors = new ArrayList<>(); // name, type, data, dims
    tensors.add(
        new Object[] {"token_embd.weight", type, rows(embedding, 0, VOCAB * DIM), DIM, VOCAB});
    tensors.add(new Object[] {"output_norm.weight", GgmlType.F32, rmsFinal, DIM, 1});
    if (!tied()) {
      tensors.add(new Object[] {"output.weight", type, classifier, DIM, VOCAB});
    }
    for (int l = 0; l < LAYERS; l++) {
      String p = "blk." + l + ".";
      tensors.add(
          new Object[] {p + "attn_norm.weight", GgmlType.F32, rows(rmsAtt, l * DIM, DIM), DIM, 1});
      tensors.add(
          new Object[] {p + "attn_q.weight", type, rows(wq, l * DIM * DIM, DIM * DIM), DIM, DIM});
      tensors.add(
          new Object[] {
            p + "attn_k.weight", type, rows(wk, l * KV_DIM * DIM, KV_DIM * DIM), DIM, KV_DIM
          });
      tensors.add(
          new Object[] {
            p + "attn_v.weight", type, rows(wv, l * KV_DIM * DIM, KV_DIM * DIM), DIM, KV_DIM
          });
      tensors.add(
          new Object[] {
            p + "attn_output.weight", type, rows(wo, l * DIM * DIM, DIM * DIM), DIM, DIM
          });
      tensors.add(
          new Object[] {p + "ffn_norm.weight", GgmlType.F32, rows(rmsFfn, l * DIM, DIM), DIM, 1});
      tensors.add(
          new Object[] {
            p + "ffn_gate.weight", type, rows(w1, l * HIDDEN * DIM, HIDDEN * DIM), DIM, HIDDEN
          });
      tensors.add(
          new Object[] {
            p + "ffn_down.weight", type, rows(w2, l * DIM * HIDDEN, DIM * HIDDEN), HIDDEN, DIM
          });
      tensors.add(
          new Object[] {
            p + "ffn_up.weight", type, rows(w3, l * HIDDEN * DIM, HIDDEN * DIM), DIM, HIDDEN
          });
    }
    tensors.addAll(extras.tensors);
    int keys = (chatTemplate == null ? 13 : 14) + extras.keys.size();
    GgufBuilder g =
        GgufBuilder.header(tensors.size(), keys)
            .kvString("general.architecture", "llama")
            .kvU32("llama.embedding_length", DIM)
            .kvU32("llama.feed_forward_length", HIDDEN)
            .kvU32("llama.block_count", LAYERS)
            .kvU32("llama.attention.head_count", HEADS)
            .kvU32("llama.attention.head_count_kv", KV_HEADS)
            .kvU32("llama.context_length", contextLength)
            .kvF32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .kvString("tokenizer.ggml.model", "llama")
            .kvStrings(
                "tokenizer.ggml.tokens",
                pieces().stream().map(s -> s.replace(' ', '\u2581')).toArray(String[]::new))
            .kvFloats("tokenizer.ggml.scores", scores())
            .kvU32("tokenizer.ggml.bos_token_id", 1)
            .kvU32("tokenizer.ggml.eos_token_id", 2);
    if (chatTemplate != null) {
      g.kvString("tokenizer.chat_template", chatTemplate);
    }
    extras.keys.forEach(k -> k.accept(g));
    List<byte[]> data = new ArrayList<>();
    long offset = 0;
    for (Object[] t : tensors) {
      GgmlType tt = (GgmlType) t[1];
      byte[] bytes = Quantize.encode(tt, (float[]) t[2]);
      int cols = (Integer) t[3];
      int rows = (Integer) t[4];
      if (rows == 1) {
        g.tensor((String) t[0], tt.id(), offset, cols);
      } else {
        g.tensor((String) t[0], tt.id(), offset, cols, rows);
      }
      data.add(bytes);
      offset += (bytes.length + 31) / 32 * 32;
    }
    for (byte[] bytes : data) {
      g.data(32, bytes);
    }
    g.pad(32);
    return g.write(dir, name);
  }

  private static float[] rows(float[] a, int from, int length) {
    return java.util.Arrays.copyOfRange(a, from, from + length);
  }

  private static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
