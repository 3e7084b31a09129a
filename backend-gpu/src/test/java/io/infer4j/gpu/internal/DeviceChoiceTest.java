package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.gpu.internal.cuda.CudaContext;
import io.infer4j.gpu.internal.cuda.CudaException;
import io.infer4j.gpu.internal.cuda.CudaUnavailableException;
import io.infer4j.runtime.serving.SequenceEngine;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which device a "gpu" instance serves on, what its responses' {@code timing.device} says and the
 * one line logged on {@code io.infer4j.gpu}: with this machine's real CUDA (absent here) and with a
 * fake opener standing for a CUDA device that opens or refuses.
 */
class DeviceChoiceTest {

  private static final InferenceRequest ONCE =
      InferenceRequest.builder().prompt("Once").maxTokens(3).build();

  // A strong reference: java.util.logging holds loggers weakly.
  private final Logger logger = Logger.getLogger(DeviceChoice.LOGGER);
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previous;

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.setUseParentHandlers(false); // the records are checked here, not printed
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(true);
    logger.setLevel(previous);
  }

  /** The only record logged, formatted; fails unless there is exactly one. */
  private String oneLine(Level level) {
    assertEquals(1, records.size(), records::toString);
    LogRecord r = records.getFirst();
    assertEquals(level, r.getLevel());
    return r.getParameters() == null ? r.getMessage()
        : MessageFormat.format(r.getMessage(), r.getParameters());
  }

  private static InferenceResponse serve(GpuBackendProvider provider, String device) {
    Map<String, String> keys = device == null
        ? GpuBackendProviderTest.stories("kernels", "reference")
        : GpuBackendProviderTest.stories("device", device);
    try (Backend b = provider.create(BackendConfig.ofMap("gpu", "gpu", keys));
        InferenceClient c = InferenceClients.of("gpu", b)) {
      return c.generate(ONCE);
    }
  }

  /** A CUDA device that opens: the model's CPU engine under a GPU's name. */
  private static GpuBackendProvider fakeH200(AtomicBoolean engineClosed) {
    return new GpuBackendProvider(model -> {
      SequenceEngine cpu = SequenceEngine.cpu(model);
      SequenceEngine engine = new SequenceEngine() {
        @Override
        public io.infer4j.runtime.serving.Sequence open() {
          return cpu.open();
        }

        @Override
        public void close() {
          engineClosed.set(true);
        }
      };
      return new DeviceChoice.OnCuda(engine, "NVIDIA H200", "sm_90");
    });
  }

  private static GpuBackendProvider refusing(RuntimeException failure) {
    return new GpuBackendProvider(model -> {
      throw failure;
    });
  }

  @Test
  void autoWithoutCudaServesOnTheCpuPathAndLogsWhyInOneLine() {
    Map<String, String> keys = GpuBackendProviderTest.stories("kernels", "reference");
    String noCuda;
    try (CudaContext present = CudaContext.open(0)) {
      noCuda = null;
    } catch (CudaUnavailableException e) {
      noCuda = e.getMessage();
    }
    assumeTrue(noCuda != null, "CUDA is present here: the absent-CUDA line is not observable");
    try (Backend b = new GpuBackendProvider().create(BackendConfig.ofMap("gpu", "gpu", keys));
        InferenceClient c = InferenceClients.of("gpu", b)) {
      assertEquals("cpu-reference", c.generate(ONCE).timing().device());
    }
    String line = oneLine(Level.INFO);
    assertEquals("gpu backend 'gpu': CPU reference path (CUDA unavailable: " + noCuda + ")", line);
    assertNull(records.getFirst().getThrown(), "no stack trace at INFO");
  }

  @Test
  void autoOnAFakeCudaDeviceReportsItsNameAndLogsOneLine() {
    AtomicBoolean closed = new AtomicBoolean();
    InferenceResponse r = serve(fakeH200(closed), null);
    assertEquals("cuda:NVIDIA H200", r.timing().device());
    assertEquals(3, r.usage().completionTokens());
    assertEquals("gpu backend 'gpu': CUDA on NVIDIA H200 (sm_90)", oneLine(Level.INFO));
    assertTrue(closed.get(), "closing the backend closes the CUDA engine");
  }

  @Test
  void cudaOnAFakeCudaDeviceReportsItsNameAndLogsOneLine() {
    InferenceResponse r = serve(fakeH200(new AtomicBoolean()), "cuda");
    assertEquals("cuda:NVIDIA H200", r.timing().device());
    assertEquals("gpu backend 'gpu': CUDA on NVIDIA H200 (sm_90)", oneLine(Level.INFO));
  }

  @Test
  void cpuForcesTheCpuPathWithoutTryingCuda() {
    AtomicInteger tries = new AtomicInteger();
    GpuBackendProvider counting = new GpuBackendProvider(model -> {
      tries.incrementAndGet();
      throw new AssertionError("device=cpu must not open CUDA");
    });
    assertEquals("cpu-reference", serve(counting, "cpu").timing().device());
    assertEquals(0, tries.get());
    assertEquals("gpu backend 'gpu': CPU reference path (infer4j.backends.gpu.device=cpu)",
        oneLine(Level.INFO));
  }

  @Test
  void autoFallsBackOnEveryTypedRefusalAndNamesIt() {
    Map<RuntimeException, String> refusals = Map.of(
        new CudaUnavailableException("libcuda.so.1 not found"),
        "CUDA unavailable: libcuda.so.1 not found",
        new CudaException("nvrtcCompileProgram", 6, "NVRTC_ERROR_COMPILATION", "matvec.cu(3)"),
        "CUDA failed while loading the model: nvrtcCompileProgram failed:"
            + " NVRTC_ERROR_COMPILATION (6): matvec.cu(3)",
        new IllegalArgumentException("the CUDA path does not yet support RoPE scaling"),
        "the CUDA path cannot run this model: the CUDA path does not yet support RoPE scaling",
        new ModelDoesNotFitException("needs 9 bytes, 8 free", 9, 8, 1, 0),
        "the model does not fit on the CUDA device: needs 9 bytes, 8 free");
    refusals.forEach((failure, why) -> {
      records.clear();
      assertEquals("cpu-reference", serve(refusing(failure), "auto").timing().device(), why);
      assertEquals("gpu backend 'gpu': CPU reference path (" + why + ")", oneLine(Level.INFO));
      assertNull(records.getFirst().getThrown(), "no stack trace at INFO");
    });
  }

  @Test
  void autoFallsBackOnAnUnexpectedFailureWithAWarningAndItsStackTrace() {
    IllegalStateException bug = new IllegalStateException("a bug on the CUDA path");
    assertEquals("cpu-reference", serve(refusing(bug), "auto").timing().device());
    String line = oneLine(Level.WARNING);
    assertTrue(line.startsWith("gpu backend 'gpu': CPU reference path (the CUDA path failed"
        + " unexpectedly: java.lang.IllegalStateException: a bug on the CUDA path"), line);
    assertSame(bug, records.getFirst().getThrown());
  }

  @Test
  void cudaRefusingTheModelFailsTypedNamingTheKeyAndTheReason() {
    Map<String, String> cuda = GpuBackendProviderTest.stories("device", "cuda");
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> refusing(new IllegalArgumentException("the CUDA kernels take even head sizes up to"
            + " 256, this model's is 7")).create(BackendConfig.ofMap("gpu", "gpu", cuda)));
    assertEquals("backend 'gpu' unavailable: infer4j.backends.gpu.device=cuda: the CUDA path cannot"
        + " run this model: the CUDA kernels take even head sizes up to 256, this model's is 7;"
        + " use device=auto or device=cpu to run on the CPU reference path", e.getMessage());
    assertFalse(e.isRetryable());
    assertTrue(records.isEmpty(), records::toString);
  }

  @Test
  void cudaWithoutCudaFailsTypedAsBefore() {
    Map<String, String> cuda = GpuBackendProviderTest.stories("device", "cuda");
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> refusing(new CudaUnavailableException("no libcuda.so.1"))
            .create(BackendConfig.ofMap("gpu", "gpu", cuda)));
    assertTrue(e.getMessage().contains(
        "infer4j.backends.gpu.device=cuda: CUDA cannot run here: no libcuda.so.1; use device=auto"
            + " or device=cpu"), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void cudaPassesAnUnexpectedFailureThroughUnchanged() {
    Map<String, String> cuda = GpuBackendProviderTest.stories("device", "cuda");
    IllegalStateException bug = new IllegalStateException("a bug on the CUDA path");
    assertSame(bug, assertThrows(IllegalStateException.class,
        () -> refusing(bug).create(BackendConfig.ofMap("gpu", "gpu", cuda))));
  }
}
