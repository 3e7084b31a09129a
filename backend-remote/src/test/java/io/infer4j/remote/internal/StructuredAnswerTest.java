package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.StructuredOutputException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A JSON answer asked for with a schema, checked by the client whatever the server enforced. */
class StructuredAnswerTest {

  record City(String name, int population) {}

  private static final InferenceRequest ASK =
      InferenceRequest.builder().user("the largest city of Norway").responseFormat(City.class).build();

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    remote = Remote.to(server);
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
    server.close();
  }

  @Test
  void aValidAnswerReadsIntoTheRecord() {
    server.enqueue(Remote.sse(Sse.stream().delta("{\"name\":\"Oslo\",").delta("\"population\":709000}")
        .finish("stop").done().body()));
    InferenceResponse r = remote.client.generate(ASK);
    assertEquals(new City("Oslo", 709000), r.as(City.class));
  }

  @Test
  void anInvalidAnswerFailsSayingWhere() {
    server.enqueue(Remote.sse(Sse.stream().delta("{\"name\":\"Oslo\",\"population\":\"many\"}")
        .finish("stop").done().body()));
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> remote.client.generate(ASK));
    assertEquals("response", e.target());
    assertTrue(e.location().contains("population"), e.location());
    assertEquals("{\"name\":\"Oslo\",\"population\":\"many\"}", e.output());
  }
}
