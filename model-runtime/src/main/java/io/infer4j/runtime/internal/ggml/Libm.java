package io.infer4j.runtime.internal.ggml;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The C library's {@code cosf}, {@code sinf}, {@code expf} and {@code powf}, which ggml calls
 * ({@code rope_yarn}'s {@code sincosf} and {@code ggml_rope_cache_init}'s {@code powf}, {@code
 * ggml_silu_f32} and the tail of {@code ggml_vec_soft_max_f32}). glibc's are faithful, not
 * correctly rounded: on x86-64 glibc 2.36, about 1.5% of the RoPE angles of a 64-wide head (base
 * 10000, positions below 512) and 0.06% of {@code expf} arguments in [-30, 10] give a float one
 * ulp away from Java's correctly rounded {@code (float) Math.cos(x)} and alike. To get llama.cpp's
 * bits, GGML mode calls the same functions of the C library of the machine it runs on (llama.cpp
 * calls that machine's too), through the FFM API; where they cannot be linked (no C library
 * symbol, native access denied) it falls back to the correctly rounded values. Thread-safe.
 */
final class Libm {
  /** Off ({@code -Dinfer4j.ggml.libm=false}) to compare with the correctly rounded values. */
  private static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("infer4j.ggml.libm", "true"));

  private static final MethodHandle COSF = find("cosf", 1);
  private static final MethodHandle SINF = find("sinf", 1);
  private static final MethodHandle EXPF = find("expf", 1);
  private static final MethodHandle POWF = find("powf", 2);

  static {
    if (ENABLED && !isNative()) {
      System.getLogger(Libm.class.getName()).log(System.Logger.Level.WARNING,
          "GGML mode: the C library's cosf/sinf/expf/powf could not be linked (no such symbol, or"
              + " native access not enabled: --enable-native-access); using correctly rounded"
              + " values, whose last bits can differ from llama.cpp's");
    }
  }

  private Libm() {}

  /** Whether the C library's functions are in use (else the correctly rounded fallbacks). */
  static boolean isNative() {
    return COSF != null && SINF != null && EXPF != null && POWF != null;
  }

  static float cosf(float x) {
    if (COSF == null) {
      return (float) Math.cos(x);
    }
    try {
      return (float) COSF.invokeExact(x);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  static float sinf(float x) {
    if (SINF == null) {
      return (float) Math.sin(x);
    }
    try {
      return (float) SINF.invokeExact(x);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  static float expf(float x) {
    if (EXPF == null) {
      return (float) Math.exp(x);
    }
    try {
      return (float) EXPF.invokeExact(x);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  static float powf(float x, float y) {
    if (POWF == null) {
      return (float) Math.pow(x, y);
    }
    try {
      return (float) POWF.invokeExact(x, y);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** A downcall to the C library's float function {@code name} of {@code arity} floats, or null. */
  private static MethodHandle find(String name, int arity) {
    if (!ENABLED) {
      return null;
    }
    try {
      Linker linker = Linker.nativeLinker();
      Optional<MemorySegment> symbol = linker.defaultLookup().find(name);
      if (symbol.isEmpty()) {
        symbol = SymbolLookup.libraryLookup("libm.so.6", java.lang.foreign.Arena.global())
            .find(name);
      }
      if (symbol.isEmpty()) {
        return null;
      }
      ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
      FunctionDescriptor fd = arity == 1 ? FunctionDescriptor.of(f, f)
          : FunctionDescriptor.of(f, f, f);
      return linker.downcallHandle(symbol.get(), fd);
    } catch (RuntimeException | LinkageError e) { // no such library, native access denied
      return null;
    }
  }
}
