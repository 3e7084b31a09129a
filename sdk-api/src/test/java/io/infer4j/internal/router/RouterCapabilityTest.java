package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.EmbeddingRequest;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.ResponseFormat;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.internal.BackendClient;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.support.CannedBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request that needs a capability never goes to a member without it. */
class RouterCapabilityTest {

  private static InferenceClient router(Backend... backends) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < backends.length; i++) {
      names.add("m" + i);
    }
    RouterSettings settings = RouterSettings.defaults(names);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < backends.length; i++) {
      members.add(new Member(BackendProfile.plain(names.get(i), i + 1), backends[i], settings));
    }
    return new BackendClient("router", new RouterBackend("router", members, settings, System::nanoTime),
        System::nanoTime, Clock.systemUTC());
  }

  @Test
  void aJsonRequestSkipsTheFirstMemberWhenItCannotAnswerInJson() {
    CannedBackend textOnly = new CannedBackend(Capability.CHAT, Capability.STREAMING)
        .answering(FinishReason.STOP, "plain");
    CannedBackend json = CannedBackend.capableOfAll().answering(FinishReason.STOP, "{\"ok\":true}");
    InferenceClient client = router(textOnly, json);
    InferenceResponse r = client.generate(InferenceRequest.builder().user("x")
        .responseFormat(ResponseFormat.JSON_OBJECT).build());
    assertEquals("m1", r.backend());
    assertEquals(List.of(), textOnly.started());
    assertTrue(r.route().toString().contains("structured output"), r.route().toString());
    assertEquals("plain", router(textOnly, json).generate(InferenceRequest.ofUserMessage("x")).text(),
        "a plain request goes to the first member");
  }

  @Test
  void embeddingsGoToTheFirstMemberThatEmbeds() {
    CannedBackend chat = new CannedBackend(Capability.CHAT);
    CannedBackend vectors = CannedBackend.capableOfAll();
    assertEquals("m1", router(chat, vectors).embed(EmbeddingRequest.of("a")).backend());
    assertThrows(UnsupportedCapabilityException.class, () -> router(chat).embed(EmbeddingRequest.of("a")));
  }
}
