package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.Samplers;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * A profiling target, not a test: opens MODEL, warms a sequence up (a prompt, then decode steps so
 * that the decode graph is recorded), then decodes TOKENS greedy tokens between {@code
 * cuProfilerStart} and {@code cuProfilerStop}, so that a profiler started with {@code
 * --profile-from-start off} (Nsight Compute: {@code ncu --profile-from-start off
 * --graph-profiling node}) sees exactly those decode steps' kernels. Run by {@code
 * device-check.sh} with {@code INFER4J_PROFILE=1}.
 *
 * <p>Usage: {@code DecodeProfile MODEL [TOKENS]}.
 */
public final class DecodeProfile {
  private DecodeProfile() {}

  public static void main(String[] args) throws Throwable {
    Path model = Path.of(args[0]);
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SymbolLookup cu = SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
    MethodHandle start = Linker.nativeLinker().downcallHandle(
        cu.find("cuProfilerStart").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
    MethodHandle stop = Linker.nativeLinker().downcallHandle(
        cu.find("cuProfilerStop").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
    try (CudaEngine engine = CudaEngine.open(0, model, 0);
        CudaSequence seq = engine.newSequence()) {
      int[] prompt = GpuBench.prompt(Math.min(32, seq.contextLength() / 4), engine.config()
          .vocabSize());
      int next = Samplers.greedy().sample(seq.prefill(prompt));
      for (int i = 0; i < 8; i++) {
        next = seq.forwardGreedy(next);
      }
      engine.weights().context().synchronize();
      int rc = (int) start.invokeExact();
      for (int i = 0; i < tokens; i++) {
        next = seq.forwardGreedy(next);
      }
      engine.weights().context().synchronize();
      int rc2 = (int) stop.invokeExact();
      System.out.println("profiled " + tokens + " decode steps of " + model.getFileName()
          + " at positions " + (seq.position() - tokens) + ".." + (seq.position() - 1)
          + " (cuProfilerStart " + rc + ", cuProfilerStop " + rc2 + ")");
    }
  }
}
