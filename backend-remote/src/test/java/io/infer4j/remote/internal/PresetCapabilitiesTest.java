package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.ChatMessage;
import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceRequest;
import io.infer4j.MediaPart;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.remote.Preset;
import io.infer4j.spi.Capability;
import java.util.EnumSet;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each preset declares it serves, and what follows: refusals before I/O, chat-only raw prompts. */
class PresetCapabilitiesTest {

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      remote.close();
    }
    server.close();
  }

  @Test
  void presetsDeclareWhatTheirServicesServe() {
    assertEquals(EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT, Capability.EMBEDDINGS,
        Capability.IMAGES, Capability.AUDIO), Preset.OPENAI.capabilities());
    assertEquals(EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT, Capability.IMAGES),
        Preset.GROQ.capabilities());
    assertFalse(Preset.GROQ.servesCompletions());
    assertTrue(Preset.OLLAMA.capabilities().contains(Capability.EMBEDDINGS));
    assertFalse(Preset.NVIDIA_NIM.capabilities().contains(Capability.EMBEDDINGS));
    assertEquals(EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT),
        Preset.CUSTOM.capabilities());
    remote = Remote.to(server, "preset", "vllm");
    assertTrue(remote.backend.capabilities().containsAll(EnumSet.of(Capability.CHAT,
        Capability.RAW_PROMPT, Capability.STREAMING, Capability.REMOTE, Capability.EMBEDDINGS)));
  }

  @Test
  void aRawPromptGoesToChatCompletionsAsOneUserMessageWhereThereAreNoCompletions() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta(" there was").finish("stop").done().body()));
    remote = Remote.to(server, "preset", "groq", "api-key", "gsk-test");
    assertEquals(" there was", remote.client.generate(InferenceRequest.ofPrompt("Once upon a time")).text());
    RecordedRequest rec = server.takeRequest();
    assertEquals("/v1/chat/completions", rec.getUrl().encodedPath());
    JsonNode body = new ObjectMapper().readTree(rec.getBody().utf8());
    assertFalse(body.has("prompt"));
    assertEquals("[{\"role\":\"user\",\"content\":\"Once upon a time\"}]", body.get("messages").toString());
  }

  @Test
  void aRequestNeedingWhatThePresetLacksIsRefusedBeforeAnyRequest() {
    remote = Remote.to(server, "preset", "groq", "api-key", "gsk-test");
    InferenceRequest withSound = InferenceRequest.builder()
        .message(ChatMessage.user("what is this?", MediaPart.audio(new byte[] {1}, "wav"))).build();
    UnsupportedCapabilityException audio = assertThrows(UnsupportedCapabilityException.class,
        () -> remote.client.generate(withSound));
    assertEquals(Capability.AUDIO, audio.capability());
    UnsupportedCapabilityException embed = assertThrows(UnsupportedCapabilityException.class,
        () -> remote.client.embed(EmbeddingRequest.of("a")));
    assertEquals(Capability.EMBEDDINGS, embed.capability());
    assertThrows(UnsupportedCapabilityException.class,
        () -> remote.backend.embed(EmbeddingRequest.of("a"), io.infer4j.spi.Deadline.none()),
        "the backend refuses too when called directly");
    assertEquals(0, server.getRequestCount(), "the server saw no request");
  }

  @Test
  void theCapabilitiesKeyReplacesThePresetsAndRejectsUnknownNames() throws Exception {
    remote = Remote.to(server, "capabilities", "embeddings, images");
    assertTrue(remote.backend.capabilities().containsAll(EnumSet.of(Capability.EMBEDDINGS, Capability.IMAGES)));
    assertFalse(remote.backend.capabilities().contains(Capability.TOOLS), "the key replaces, not adds");
    remote.close();
    remote = Remote.to(server, "capabilities", "none");
    assertFalse(remote.backend.capabilities().contains(Capability.STRUCTURED_OUTPUT));
    remote.close();
    remote = null;
    io.infer4j.InvalidConfigurationException e = assertThrows(io.infer4j.InvalidConfigurationException.class,
        () -> Remote.to(server, "capabilities", "tools,telepathy"));
    assertTrue(e.getMessage().contains("telepathy") && e.getMessage().contains("structured-output"),
        e.getMessage());
  }

  @Test
  void aRawPromptAskingForJsonGoesToChatCompletionsWhereResponseFormatIsAParameter() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().delta("{\"a\":1}").finish("stop").done().body()));
    remote = Remote.to(server, "preset", "vllm");
    InferenceRequest raw = InferenceRequest.builder().prompt("JSON please:")
        .responseFormat(io.infer4j.ResponseFormat.JSON_OBJECT).build();
    assertEquals("{\"a\":1}", remote.client.generate(raw).text());
    RecordedRequest rec = server.takeRequest();
    assertEquals("/v1/chat/completions", rec.getUrl().encodedPath());
    JsonNode body = new ObjectMapper().readTree(rec.getBody().utf8());
    assertEquals("json_object", body.get("response_format").get("type").asText());
  }
}
