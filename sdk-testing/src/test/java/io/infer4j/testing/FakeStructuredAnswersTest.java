package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.ResponseFormat;
import io.infer4j.StructuredOutputException;
import io.infer4j.TokenChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripted JSON answers, through a client, so the SDK checks them against the response format. */
class FakeStructuredAnswersTest {

  record Weather(String city, int celsius) {}

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static InferenceRequest weatherIn(String city) {
    return InferenceRequest.builder().user("Weather in " + city + "?").responseFormat(Weather.class).build();
  }

  @Test
  void aScriptedRecordIsTheAnswerAndMapsBackToTheRecord() {
    fake.replyJson(new Weather("Paris", 21));
    InferenceResponse r = client.generate(weatherIn("Paris"));
    assertEquals("{\"city\": \"Paris\", \"celsius\": 21}", r.text());
    assertEquals(new Weather("Paris", 21), r.as(Weather.class));
  }

  @Test
  void aStructuredAnswerStreamsInWordChunksLikeText() {
    fake.replyJson(new Weather("Paris", 21));
    List<String> chunks = new ArrayList<>();
    try (InferenceStream stream = client.stream(weatherIn("Paris"))) {
      for (TokenChunk c : stream) {
        chunks.add(c.text());
      }
    }
    assertEquals(List.of("{\"city\":", " \"Paris\",", " \"celsius\":", " 21}"), chunks);
  }

  @Test
  void jsonTextIsTheAnswerAsGiven() {
    fake.replyJson("{\"city\":\"Rome\",\"celsius\":25}");
    assertEquals(new Weather("Rome", 25), client.generate(weatherIn("Rome")).as(Weather.class));
  }

  @Test
  void aRuleAnswersTheRequestsAskingForThatType() {
    fake.whenResponseFormat(Weather.class).replyJson(new Weather("Oslo", 3));
    assertEquals(3, client.generate(weatherIn("Oslo")).as(Weather.class).celsius());
    assertEquals(3, client.generate(weatherIn("Bergen")).as(Weather.class).celsius());
    assertEquals("plain text", client.generate(InferenceRequest.ofUserMessage("plain text")).text());
  }

  @Test
  void anyJsonObjectAnswersAJsonObjectRequest() {
    fake.replyJson(Map.of("ok", true));
    InferenceRequest anyObject =
        InferenceRequest.builder().user("ok?").responseFormat(ResponseFormat.JSON_OBJECT).build();
    assertEquals("{\"ok\": true}", client.generate(anyObject).text());
  }

  @Test
  void anAnswerThatBreaksTheSchemaFailsInTheClientNamingTheLocation() {
    fake.replyJson("{\"city\": \"Paris\", \"celsius\": \"warm\"}");
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> client.generate(weatherIn("Paris")));
    assertEquals("response", e.target());
    // the SDK's notation ("/celsius" now; its Javadoc says "$.celsius"), not the fake's concern
    assertTrue(e.location().contains("celsius"), e.location());
    assertEquals("{\"city\": \"Paris\", \"celsius\": \"warm\"}", e.output());
  }

  @Test
  void anUnscriptedJsonRequestFailsSayingHowToScriptIt() {
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> client.generate(weatherIn("Lima")));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("JSON_SCHEMA 'Weather'"), e.getMessage());
    assertTrue(e.getMessage().contains("replyJson(value)"), e.getMessage());
    fake.assertRequestCount(1); // received, then refused
  }

  @Test
  void replyJsonRefusesTextThatIsNotJsonAndPointsToReply() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fake.replyJson("{\"city\": "));
    assertTrue(e.getMessage().contains("use reply(text)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> fake.replyJson("{} {}"));
  }

  @Test
  void textThatIsNotJsonCanStillBeScriptedToTestTheFailure() {
    fake.reply("Sorry, I cannot do JSON.");
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> client.generate(weatherIn("Paris")));
    assertEquals("response", e.target());
  }
}
