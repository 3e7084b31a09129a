package io.infer4j.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.testing.SharedFiles;
import org.junit.jupiter.api.Test;

class ModelFactsTest {

  static ModelFacts factsOf(String file) {
    ModelOptions options = ModelOptions.defaults().withTokenizer(SharedFiles.model("tok512.bin"));
    try (LlamaModel model = LlamaModel.load(SharedFiles.model(file), options)) {
      return ModelFacts.of(model);
    }
  }

  @Test
  void theLlama2cCheckpointIsFloat32WithATiedClassifier() {
    assertEquals(new ModelFacts(WeightType.F32, true), factsOf("stories260K.bin"));
  }

  @Test
  void ggufFilesReportTheTypeOfTheirLayerWeights() {
    // the F32 conversion stores output.weight as a copy, so it is not tied in the file
    assertEquals(new ModelFacts(WeightType.F32, false), factsOf("stories260K-f32.gguf"));
    assertEquals(WeightType.F16, factsOf("stories260K-f16.gguf").weightType());
    assertEquals(WeightType.Q8_0, factsOf("stories260K-q8_0.gguf").weightType());
  }
}
