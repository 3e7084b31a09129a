package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ModelNotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  @Test
  void theCatalogHoldsEveryArchitectureThePlannersAskForInSortedOrder() {
    assertEquals(
        List.of("gpt-oss-120b", "gpt-oss-20b", "llama-2-13b", "llama-2-70b", "llama-2-7b",
            "llama-3.1-405b", "llama-3.1-70b", "llama-3.1-8b", "llama-3.3-70b", "mixtral-8x7b",
            "qwen2.5-72b", "qwen2.5-7b", "qwen3-235b-a22b", "qwen3-30b-a3b", "qwen3-32b",
            "stories260K", "tinyllama-1.1b"),
        ModelCatalog.names());
  }

  @Test
  void namesAreMatchedIgnoringCaseAndSurroundingBlanks() {
    assertEquals("llama-2-70b", ModelCatalog.get("Llama-2-70B").name());
    assertEquals("stories260K", ModelCatalog.get(" STORIES260k ").name());
    assertTrue(ModelCatalog.contains(" mixtral-8x7b "));
    assertFalse(ModelCatalog.contains(null));
  }

  @Test
  void anUnknownNameFailsListingTheKnownOnes() {
    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> ModelCatalog.get("gpt-5"));
    assertEquals("gpt-5", e.model());
    for (String name : ModelCatalog.names()) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }
}
