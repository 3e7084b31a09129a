package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.MediaPart;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process models read text only: images and sounds are refused with the typed error. */
class LpuMediaRefusalTest {

  @Test
  void anImageOrASoundInAMessageIsRefusedBeforeAnyWork() {
    try (InferenceClient c = InferenceClients.create("lpu", Map.of("kernels", "reference"))) {
      assertFalse(InferenceClients.capabilities(c).contains(Capability.IMAGES));
      UnsupportedCapabilityException image = assertThrows(UnsupportedCapabilityException.class,
          () -> c.generate(InferenceRequest.builder().message(
              ChatMessage.user("What is this?", MediaPart.imageUrl("https://example.com/cat.png"))).build()));
      assertEquals(Capability.IMAGES, image.capability());
      assertEquals("lpu", image.backend());
      UnsupportedCapabilityException sound = assertThrows(UnsupportedCapabilityException.class,
          () -> c.generate(InferenceRequest.builder().message(
              ChatMessage.user("Transcribe", MediaPart.audio(new byte[] {1, 2}, "wav"))).build()));
      assertEquals(Capability.AUDIO, sound.capability());
    }
  }
}
