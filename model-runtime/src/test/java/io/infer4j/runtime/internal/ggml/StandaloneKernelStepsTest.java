package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel steps whose javadoc says they are compiled on their own keep more bytecode than C2
 * inlines into a hot caller ({@code -XX:FreqInlineSize}, 325 bytes on x86-64 and AArch64). Below
 * it, C2 may inline the step into its caller's loop, whose inlining budget ({@code
 * NodeCountInliningCutoff}) then runs out within the step, and the Vector API calls left as calls
 * run as plain Java: Q5_K decode ran at half speed in about one fresh JVM of three when {@code
 * KLaneQuadDots.codeLanes} had shrunk to 309 bytes (2026-12-06). A speed test cannot see this
 * reliably; the size can be read from the class file.
 */
class StandaloneKernelStepsTest {
  /** HotSpot's default {@code FreqInlineSize}: hot callees up to this many bytes are inlined. */
  private static final int FREQ_INLINE_SIZE = 325;

  @ParameterizedTest
  @CsvSource({"KLaneQuadDots, codeLanes", "Q4KLaneQuadDots, codeLanes",
      "Q5KPackedQuadDots, codeLanes"})
  void stepIsTooLargeToInline(String kernel, String step) throws IOException {
    ClassModel model = classModel(kernel);
    MethodModel method = model.methods().stream()
        .filter(m -> m.methodName().equalsString(step))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kernel + " has no method " + step));
    int bytes = method.findAttribute(java.lang.classfile.Attributes.code())
        .map(CodeAttribute::codeLength)
        .orElseThrow(() -> new AssertionError(kernel + "." + step + " has no code"));
    assertTrue(bytes > FREQ_INLINE_SIZE, kernel + "." + step + " is " + bytes
        + " bytes of bytecode; C2 inlines hot methods up to " + FREQ_INLINE_SIZE);
  }

  private static ClassModel classModel(String simpleName) throws IOException {
    String resource = simpleName + ".class";
    try (InputStream in = StandaloneKernelStepsTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no class file " + resource + " beside this test's package");
      }
      return ClassFile.of().parse(in.readAllBytes());
    }
  }
}
