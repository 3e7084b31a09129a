package io.infer4j.runtime.internal.llama2c;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.io.SegmentReader;
import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.F32Tensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a legacy llama2.c checkpoint: the header, then float32 tensors laid out as run.c's {@code
 * memory_map_weights} expects, each tensor stacked over all layers. Weights are views of the mapped
 * file, not copies.
 *
 * @param header the validated header
 * @param config the model config derived from it
 * @param weights views of the tensors
 */
public record Llama2cCheckpoint(Llama2cHeader header, ModelConfig config, LlamaWeights weights) {

  /**
   * Parses {@code file}, checking that its size is exactly what the header describes: the header
   * has no magic, so the size is what tells a checkpoint from any other file.
   *
   * @throws io.infer4j.ModelFormatException naming the file on a bad header or a file of the wrong
   *     size, starting "not a GGUF or llama2.c model file" unless the file is a llama2.c export of
   *     a newer version
   */
  public static Llama2cCheckpoint read(MappedFile file) {
    SegmentReader in = file.reader();
    Llama2cHeader h = Llama2cHeader.read(in);
    long need = h.fileBytes();
    if (need < 0) {
      throw Llama2cHeader.notAModel(in, "its llama2.c header describes an absurd size: " + h);
    }
    long size = file.segment().byteSize();
    if (size != need) {
      throw Llama2cHeader.notAModel(
          in,
          "its llama2.c header "
              + h
              + " describes a file of "
              + need
              + " bytes but it has "
              + size
              + (size < need ? " (truncated)" : " (trailing bytes)"));
    }
    ModelConfig config = h.toConfig();
    Cursor c = new Cursor(file.segment(), Llama2cHeader.BYTES);
    int dim = config.dim();
    int kv = config.kvDim();
    int hidden = config.hiddenDim();
    int layers = config.layers();
    TensorView embedding = c.matrix("token_embedding_table", config.vocabSize(), dim);
    List<TensorView> rmsAtt = c.stacked("rms_att_weight", layers, 1, dim);
    List<TensorView> wq = c.stacked("wq", layers, dim, dim);
    List<TensorView> wk = c.stacked("wk", layers, kv, dim);
    List<TensorView> wv = c.stacked("wv", layers, kv, dim);
    List<TensorView> wo = c.stacked("wo", layers, dim, dim);
    List<TensorView> rmsFfn = c.stacked("rms_ffn_weight", layers, 1, dim);
    List<TensorView> w1 = c.stacked("w1", layers, hidden, dim);
    List<TensorView> w2 = c.stacked("w2", layers, dim, hidden);
    List<TensorView> w3 = c.stacked("w3", layers, hidden, dim);
    float[] rmsFinal = c.matrix("rms_final_weight", 1, dim).toFloatArray();
    c.skip((long) config.contextLength() * config.headSize()); // freq_cis_real and _imag
    TensorView classifier =
        h.sharedClassifier() ? embedding : c.matrix("wcls", config.vocabSize(), dim);
    List<LayerWeights> blocks = new ArrayList<>(layers);
    for (int l = 0; l < layers; l++) {
      blocks.add(
          new LayerWeights(
              rmsAtt.get(l).toFloatArray(),
              wq.get(l),
              wk.get(l),
              wv.get(l),
              wo.get(l),
              rmsFfn.get(l).toFloatArray(),
              w1.get(l),
              w2.get(l),
              w3.get(l)));
    }
    LlamaWeights weights = new LlamaWeights(embedding, blocks, rmsFinal, classifier);
    weights.checkShapes(config, file.path().toString());
    return new Llama2cCheckpoint(h, config, weights);
  }

  /** Walks the float section, slicing one tensor after another. */
  private static final class Cursor {
    private final MemorySegment segment;
    private long offset;

    Cursor(MemorySegment segment, long offset) {
      this.segment = segment;
      this.offset = offset;
    }

    TensorView matrix(String name, int rows, int cols) {
      long bytes = (long) rows * cols * 4;
      TensorView t = new F32Tensor(name, segment.asSlice(offset, bytes), rows, cols);
      offset += bytes;
      return t;
    }

    List<TensorView> stacked(String name, int layers, int rows, int cols) {
      List<TensorView> out = new ArrayList<>(layers);
      for (int l = 0; l < layers; l++) {
        out.add(matrix(name + "[" + l + "]", rows, cols));
      }
      return out;
    }

    void skip(long floats) {
      offset += floats * 4;
    }
  }
}
