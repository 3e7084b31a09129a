package io.infer4j.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackendLiteralTest {

  @Backend("groq") private Object annotated;

  @Test
  void literalEqualsTheAnnotationWithTheSameName() throws NoSuchFieldException {
    Backend declared = getClass().getDeclaredField("annotated").getAnnotation(Backend.class);

    assertEquals(declared, Backend.Literal.of("groq"));
    assertEquals(declared.hashCode(), Backend.Literal.of("groq").hashCode());
    assertEquals("groq", Backend.Literal.of("groq").value());
  }

  @Test
  void literalRejectsANullName() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Backend.Literal.of(null));
    assertEquals("value", e.getMessage());
  }
}
