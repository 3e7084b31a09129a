package io.infer4j.lpu.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPlanner;
import io.infer4j.lpu.LpuPrecision;
import io.infer4j.lpu.LpuProgram;
import io.infer4j.runtime.serving.ModelFacts;
import io.infer4j.runtime.serving.ModelSettings;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.runtime.shape.ModelShape;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;

/**
 * The "lpu" backend type: the model's real tokens from model-runtime, with the timing the LPU
 * simulator predicts. Keys under {@code infer4j.backends.<name>.}: those of {@link ModelSettings}
 * ({@code model}, {@code tokenizer}, {@code context-length}, {@code kernels}) and of {@link
 * LpuSettings} ({@code chips}, {@code precision}, {@code network-latency}, {@code queue-delay},
 * {@code pacing}). Discovery has no side effects; {@link #create} loads the model and compiles
 * its shape onto the simulated system.
 */
public final class LpuBackendProvider implements BackendProvider {
  /** The provider's type name. */
  public static final String NAME = "lpu";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws InvalidConfigurationException naming the key of a bad value, or the {@code chips} key
   *     when the model does not fit in the chips given (with the count needed)
   */
  @Override
  public Backend create(BackendConfig config) {
    ModelSettings modelSettings = ModelSettings.from(config);
    LpuSettings settings = LpuSettings.from(config);
    ServingModel model = modelSettings.load(config.instanceName());
    try {
      ModelFacts facts = ModelFacts.of(model.model());
      LpuPrecision precision = settings.precisionFor(facts.weightType());
      ModelShape shape = ModelShape.of(model.name(), model.model().config(), facts.tiedEmbeddings());
      LpuProgram program = compile(config, shape, precision, settings.chips());
      return new LpuBackend(config.instanceName(), model, program, settings);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static LpuProgram compile(
      BackendConfig config, ModelShape shape, LpuPrecision precision, int chips) {
    try {
      return new LpuPlanner().compile(shape, precision, chips);
    } catch (InsufficientChipsException e) {
      throw new InvalidConfigurationException(config.fullKey(LpuSettings.CHIPS),
          String.valueOf(chips), e.getMessage() + "; set it to " + e.chipsNeeded()
              + " or more, or 0 for the fewest that fit", e);
    } catch (InvalidRequestException e) {
      throw new InvalidConfigurationException(
          config.fullKey(LpuSettings.CHIPS), String.valueOf(chips), e.getMessage(), e);
    }
  }
}
