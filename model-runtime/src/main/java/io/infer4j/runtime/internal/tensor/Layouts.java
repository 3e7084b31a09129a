package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian unaligned layouts (GGUF and llama2.c files are little-endian). */
final class Layouts {
  static final ValueLayout.OfFloat F32 =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfShort I16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private Layouts() {}
}
