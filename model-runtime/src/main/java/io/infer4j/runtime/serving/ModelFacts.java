package io.infer4j.runtime.serving;

import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelFormat;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.llama2c.Llama2cHeader;

/**
 * What a timing model needs to know about a loaded model's file beyond its {@link
 * io.infer4j.runtime.ModelConfig}: how its weights are stored and whether the classifier shares
 * the token embedding. Read from the file's header (the weights are not touched).
 *
 * @param weightType the type of the layers' matrix weights
 * @param tiedEmbeddings whether the output projection is the token-embedding matrix
 */
public record ModelFacts(WeightType weightType, boolean tiedEmbeddings) {

  /** The name of the tensor whose type stands for the model's weights. */
  static final String REPRESENTATIVE_TENSOR = "blk.0.attn_q.weight";

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code weightType} is null
   */
  public ModelFacts {
    java.util.Objects.requireNonNull(weightType, "weightType");
  }

  /**
   * Reads the facts of {@code model}'s file.
   *
   * @param model the loaded model, whose file is read again
   * @return the facts
   * @throws io.infer4j.ModelFormatException if the file cannot be read again or uses a type this
   *     class does not name
   */
  public static ModelFacts of(LlamaModel model) {
    if (model.format() == ModelFormat.LLAMA2C) {
      try (MappedFile file = MappedFile.open(model.path())) {
        return new ModelFacts(WeightType.F32, Llama2cHeader.read(file.reader()).sharedClassifier());
      }
    }
    try (GgufFile file = GgufFile.open(model.path())) {
      boolean tied = file.tensorInfo("output.weight").isEmpty();
      WeightType type = file.tensorInfo(REPRESENTATIVE_TENSOR)
          .map(info -> WeightType.valueOf(info.type().name()))
          .orElse(WeightType.F32);
      return new ModelFacts(type, tied);
    }
  }
}
