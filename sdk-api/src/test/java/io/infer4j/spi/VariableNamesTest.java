package io.infer4j.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VariableNamesTest {

  @Test
  void conventionalNamesAreNames() {
    for (String name : new String[] {"GROQ_API_KEY", "NVIDIA_API_KEY", "my_key", "_K2", "OPENAI_API_KEY_FOR_PROD_2"}) {
      assertTrue(VariableNames.isName(name), name);
      assertFalse(VariableNames.mayBeSecret(name), name);
    }
  }

  @Test
  void keysGivenAsNamesMayBeSecrets() {
    for (String key : new String[] {"sk-proj-abc123", "nvapi-XYZ", "gsk_3kT9qLm0ZpWx7Yb2Nc4Rv8Ua",
        "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", "0123abcdef0123abcdef0123"}) {
      assertTrue(VariableNames.mayBeSecret(key), key);
    }
    assertFalse(VariableNames.isName("sk-proj-abc123"));
    assertFalse(VariableNames.isName("1ABC"));
    assertFalse(VariableNames.mayBeSecret(null));
  }
}
