package io.infer4j.gpu.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.gpu.internal.cuda.CudaException;
import io.infer4j.gpu.internal.cuda.CudaSequenceEngine;
import io.infer4j.gpu.internal.cuda.CudaUnavailableException;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.serving.ModelSettings;
import io.infer4j.runtime.serving.SequenceEngine;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.spi.BackendConfig;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a "gpu" backend instance runs its forward passes, chosen once when it is created, and the
 * one line on the logger {@value #LOGGER} that says which and why:
 *
 * <ul>
 *   <li>{@code cpu}: the CPU reference path; CUDA is not tried.
 *   <li>{@code auto}: CUDA if it opens the model (driver, NVRTC, device, kernels that compile, a
 *       model the kernels can run, enough device memory), else the CPU reference path. The line
 *       is at INFO and names the reason CUDA was not used; a failure of an unexpected kind (a bug
 *       on the CUDA path) also falls back, logged at WARNING with its stack trace.
 *   <li>{@code cuda}: CUDA, or a non-retryable {@link BackendUnavailableException} naming the key
 *       and the reason (no line is logged then).
 * </ul>
 */
final class DeviceChoice {
  /** The logger of the device line. */
  static final String LOGGER = "io.infer4j.gpu";

  private static final System.Logger LOG = System.getLogger(LOGGER);

  /** Puts a loaded model on a CUDA device: the seam tests replace. */
  @FunctionalInterface
  interface CudaOpener {
    /**
     * The model's engine on the device, which has already run one forward step.
     *
     * @throws CudaUnavailableException when no driver, NVRTC or device is available
     * @throws CudaException when a driver or NVRTC call fails (kernels that do not compile or load)
     * @throws ModelDoesNotFitException when the device lacks the memory
     * @throws IllegalArgumentException when the CUDA kernels cannot run the model's shape
     */
    OnCuda open(LlamaModel model);
  }

  /**
   * A model's engine on a CUDA device.
   *
   * @param device the device's name, e.g. "NVIDIA H200"
   * @param capability its compute capability's key, e.g. "sm_90"
   */
  record OnCuda(SequenceEngine engine, String device, String capability) {
    OnCuda {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(capability, "capability");
    }
  }

  /** CUDA device 0, through {@link CudaSequenceEngine}. */
  static final CudaOpener DEVICE_0 = model -> {
    CudaSequenceEngine engine = CudaSequenceEngine.open(0, model);
    return new OnCuda(engine, engine.deviceName(), engine.capability().key());
  };

  /**
   * A loaded model and the device its timing is reported for.
   *
   * @param device {@value GpuBackend#DEVICE} or {@code cuda:<device name>}
   */
  record Chosen(ServingModel model, String device) {}

  private DeviceChoice() {}

  /**
   * Loads the model on the device {@code device} chooses and logs the line; the caller owns the
   * result.
   *
   * @throws BackendUnavailableException with {@code cuda} when CUDA cannot serve the model
   */
  static Chosen load(
      BackendConfig config, GpuDevice device, ModelSettings settings, CudaOpener cuda) {
    String instance = config.instanceName();
    if (device == GpuDevice.CPU) {
      ServingModel model = settings.load(instance);
      log(instance, "CPU reference path (" + config.fullKey(GpuBackendProvider.DEVICE) + "=cpu)",
          null);
      return new Chosen(model, GpuBackend.DEVICE);
    }
    Placement placement = new Placement(config, device, cuda);
    ServingModel model = settings.load(instance, placement);
    log(instance, placement.line, placement.unexpected);
    return new Chosen(model, placement.reported);
  }

  /** The engine for a loaded model, remembering what the line and the timing should say. */
  private static final class Placement implements Function<LlamaModel, SequenceEngine> {
    private final BackendConfig config;
    private final GpuDevice device;
    private final CudaOpener cuda;
    private String reported = GpuBackend.DEVICE;
    private String line;
    private RuntimeException unexpected;

    Placement(BackendConfig config, GpuDevice device, CudaOpener cuda) {
      this.config = config;
      this.device = device;
      this.cuda = cuda;
    }

    @Override
    public SequenceEngine apply(LlamaModel model) {
      try {
        OnCuda on = cuda.open(model);
        reported = "cuda:" + on.device();
        line = "CUDA on " + on.device() + " (" + on.capability() + ")";
        return on.engine();
      } catch (RuntimeException e) {
        String why = reason(e);
        if (device == GpuDevice.CUDA) {
          throw why == null || e instanceof InferenceException ? e : refused(config, e);
        }
        if (why == null) {
          unexpected = e;
          why = "the CUDA path failed unexpectedly: " + e;
        }
        line = "CPU reference path (" + why + ")";
        return SequenceEngine.cpu(model);
      }
    }
  }

  /** What a typed failure of the CUDA path says, or null for a failure of an unexpected kind. */
  private static String reason(RuntimeException e) {
    return switch (e) {
      case CudaUnavailableException u -> "CUDA unavailable: " + u.getMessage();
      case CudaException c -> "CUDA failed while loading the model: " + c.getMessage();
      case ModelDoesNotFitException m -> "the model does not fit on the CUDA device: " + m.getMessage();
      case IllegalArgumentException a -> "the CUDA path cannot run this model: " + a.getMessage();
      case InferenceException i -> "the CUDA path could not load this model: " + i.getMessage();
      default -> null;
    };
  }

  /** {@code device=cuda} and a typed failure: what today's users of that key read. */
  private static BackendUnavailableException refused(BackendConfig config, RuntimeException e) {
    String why = e instanceof CudaUnavailableException
        ? "CUDA cannot run here: " + e.getMessage() : reason(e);
    return new BackendUnavailableException(config.instanceName(),
        config.fullKey(GpuBackendProvider.DEVICE) + "=cuda: " + why
            + "; use device=auto or device=cpu to run on the CPU reference path", false, e);
  }

  private static void log(String instance, String what, RuntimeException unexpected) {
    if (unexpected == null) {
      LOG.log(System.Logger.Level.INFO, "gpu backend ''{0}'': {1}", instance, what);
    } else {
      LOG.log(System.Logger.Level.WARNING, "gpu backend '" + instance + "': " + what, unexpected);
    }
  }
}
