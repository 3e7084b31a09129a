package io.infer4j.lpu.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Places weights and KV cache in SRAM. For a chip count it lists every placement that fits:
 * <ul>
 *   <li><b>pipeline</b>: layers packed in order onto single chips (no tensor parallelism), the
 *       head after them, sharing the last chip when it fits there;
 *   <li><b>tensor x pipeline</b>: one stage per layer, each on a group of {@code t} chips (every
 *       {@code t} from 1 up to what the chips allow), the head on its own group, as the published
 *       Groq deployments split a model ([TSP22]: pipelined layers, tensor-parallel within a
 *       group).
 * </ul>
 * The compiler then keeps the fastest. Stateless apart from its chip and topology; thread-safe.
 */
public final class Placer {

  private final ChipSpec chip;

  public Placer(ChipSpec chip) {
    this.chip = chip;
  }

  /** Every placement of the model on exactly {@code chips} chips that fits; empty if none. */
  public List<Placement> candidates(LayerBytes bytes, int chips) {
    List<Placement> out = new ArrayList<>();
    Placement pipeline = pipelineOnly(bytes, chips);
    if (pipeline != null) {
      out.add(pipeline);
    }
    int layers = bytes.shape().layers();
    long usable = chip.usableSramBytes();
    int headMin = (int) LayerBytes.ceilDiv(bytes.headWeights(), usable);
    for (int t = 1; (long) t * layers + headMin <= chips; t++) {
      long perChip = bytes.perChipBytes(t);
      if (perChip > usable) {
        continue;
      }
      int spare = chips - t * layers;
      int head = Math.min(spare, Math.max(headMin, t));
      out.add(tensorPipeline(bytes, chips, t, head, perChip));
    }
    return out;
  }

  /** Lower bound on the chips needed: all bytes over the usable SRAM of one chip. */
  public int lowerBound(LayerBytes bytes) {
    long total = bytes.shape().layers() * (bytes.layerWeights() + bytes.layerKv()) + bytes.headWeights();
    return (int) Math.max(1, LayerBytes.ceilDiv(total, chip.usableSramBytes()));
  }

  private Placement pipelineOnly(LayerBytes bytes, int chips) {
    long usable = chip.usableSramBytes();
    long layerBytes = bytes.perChipBytes(1);
    if (layerBytes > usable) {
      return null;
    }
    List<Stage> stages = new ArrayList<>();
    int first = 0;
    int count = 0;
    long fill = 0;
    long fullest = 0;
    for (int layer = 0; layer < bytes.shape().layers(); layer++) {
      if (fill + layerBytes > usable) {
        stages.add(new Stage(first, count, 1));
        fullest = Math.max(fullest, fill);
        first = layer;
        count = 0;
        fill = 0;
      }
      fill += layerBytes;
      count++;
    }
    stages.add(new Stage(first, count, 1));
    long head = bytes.headWeights();
    int headChips;
    if (fill + head <= usable) {
      headChips = 0;
      fill += head;
    } else {
      headChips = (int) LayerBytes.ceilDiv(head, usable);
      fullest = Math.max(fullest, LayerBytes.ceilDiv(head, headChips));
    }
    fullest = Math.max(fullest, fill);
    if (stages.size() + headChips > chips) {
      return null;
    }
    return placement(bytes, chips, stages, headChips, fullest);
  }

  private Placement tensorPipeline(LayerBytes bytes, int chips, int t, int head, long perChip) {
    List<Stage> stages = new ArrayList<>();
    for (int layer = 0; layer < bytes.shape().layers(); layer++) {
      stages.add(new Stage(layer, 1, t));
    }
    long fullest = Math.max(perChip, LayerBytes.ceilDiv(bytes.headWeights(), head));
    return placement(bytes, chips, stages, head, fullest);
  }

  private static Placement placement(
      LayerBytes bytes, int chips, List<Stage> stages, int headChips, long fullest) {
    int layers = bytes.shape().layers();
    long weights = layers * bytes.layerWeights() + bytes.headWeights();
    long kv = layers * bytes.layerKv();
    return new Placement(chips, stages, headChips, weights, kv, fullest);
  }
}
