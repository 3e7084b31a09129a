package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.Usage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChunkParserTest {

  private final ChunkParser parser = new ChunkParser(ChunkParser.newMapper(), ApiKey.of("sk-secret-123"));

  @Test
  void goldenLlamaServerNonStreamingChatParsesTextFinishReasonAndUsage() throws IOException {
    ParsedChunk c = parser.parse(Golden.read("chat-nonstream.response.json"));
    assertEquals("\"Here?\" Asked Jack.\nThey ran around and saw a big, sc", c.text());
    assertEquals("length", c.finishReason());
    assertEquals(Usage.reported(46, 32), c.usage());
    assertEquals("stories260K", c.model());
    assertNull(c.error());
  }

  @Test
  void goldenLlamaServerRawCompletionParsesText() throws IOException {
    ParsedChunk c = parser.parse(Golden.read("completion-nonstream.response.json"));
    assertTrue(c.text().startsWith(", there was a little girl named Lily."), c.text());
    assertEquals(Usage.reported(5, 60), c.usage());
  }

  @Test
  void goldenLlamaServerStreamChunksParseWithTheFinalUsageChunk() throws IOException {
    StringBuilder text = new StringBuilder();
    Usage last = null;
    String finish = null;
    for (String line : Golden.read("chat-stream.response.sse.txt").split("\n")) {
      if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
        continue;
      }
      ParsedChunk c = parser.parse(line.substring(6));
      text.append(c.text());
      last = c.usage() != null ? c.usage() : last;
      finish = c.finishReason() != null ? c.finishReason() : finish;
    }
    assertEquals("\"Here?\" Asked Jack.\n", text.toString());
    assertEquals("length", finish);
    assertEquals(Usage.reported(46, 16), last, "usage wins over timings");
  }

  @Test
  void groqUsageIsReadFromXGroq() throws IOException {
    ParsedChunk c = parser.parse("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
        + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7}}}");
    assertEquals(Usage.reported(12, 7), c.usage());
  }

  @Test
  void llamaCppTimingsGiveUsageWhenNoUsageObjectIsSent() throws IOException {
    ParsedChunk c = parser.parse("{\"choices\":[{\"delta\":{}}],\"timings\":{\"prompt_n\":9,\"predicted_n\":4}}");
    assertEquals(Usage.reported(9, 4), c.usage());
  }

  @Test
  void chunksWithoutUsageReportNone() throws IOException {
    assertNull(parser.parse("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}").usage());
    assertNull(parser.parse("{\"choices\":[],\"usage\":null}").usage());
  }

  @Test
  void nullChoicesMissingDeltaAndUnknownFieldsAreTolerated() throws IOException {
    assertEquals("", parser.parse("{\"choices\":null}").text());
    assertEquals("", parser.parse("{\"choices\":[{\"index\":0}]}").text());
    assertEquals("", parser.parse("{\"choices\":[{\"delta\":{\"content\":null}}]}").text());
    ParsedChunk c = parser.parse(
        "{\"weird\":[1,2],\"choices\":[{\"delta\":{\"content\":\"hi\",\"extra\":{}},\"logprobs\":null}]}");
    assertEquals("hi", c.text());
  }

  @Test
  void anErrorObjectIsReportedWithTheKeyRedacted() throws IOException {
    ParsedChunk c = parser.parse(
        "{\"error\":{\"message\":\"Incorrect API key provided: sk-secret-123\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
    assertNotNull(c.error());
    assertFalse(c.error().message().contains("sk-secret-123"), c.error().message());
    assertEquals("invalid_api_key", c.error().code());
  }

  @Test
  void aPayloadThatIsNotAJsonObjectIsAnError() {
    assertThrows(IOException.class, () -> parser.parse("[1,2]"));
    assertThrows(IOException.class, () -> parser.parse("{not json"));
  }
}
