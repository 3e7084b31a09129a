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
  void cachedPromptTokensAreReadFromPromptTokensDetailsOfAWholeAnswer() throws IOException {
    ParsedChunk c = parser.parse("{\"choices\":[{\"message\":{\"content\":\"ok\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,"
        + "\"total_tokens\":2306,\"prompt_tokens_details\":{\"cached_tokens\":1920,"
        + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
    assertEquals(Usage.reported(2006, 300, 1920), c.usage(), "OpenAI's usage object");
  }

  @Test
  void cachedPromptTokensAreReadFromAFinalUsageChunkAndFromXGroq() throws IOException {
    ParsedChunk vllm = parser.parse("{\"choices\":[],\"usage\":{\"prompt_tokens\":150,"
        + "\"completion_tokens\":3,\"prompt_tokens_details\":{\"text_tokens\":null,"
        + "\"cached_tokens\":128}}}");
    assertEquals(Usage.reported(150, 3, 128), vllm.usage());
    ParsedChunk groq = parser.parse("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
        + "\"x_groq\":{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":8}}}}");
    assertEquals(Usage.reported(12, 7, 8), groq.usage());
  }

  @Test
  void missingNullOrImpossibleCachedCountsDoNotFailTheAnswer() throws IOException {
    assertEquals(Usage.reported(5, 1, 0), parser.parse("{\"usage\":{\"prompt_tokens\":5,"
        + "\"completion_tokens\":1,\"prompt_tokens_details\":null}}").usage());
    assertEquals(Usage.reported(5, 1, 0), parser.parse("{\"usage\":{\"prompt_tokens\":5,"
        + "\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":-3}}}").usage());
    assertEquals(Usage.reported(5, 1, 5), parser.parse("{\"usage\":{\"prompt_tokens\":5,"
        + "\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":9}}}").usage(),
        "more cached than prompt tokens is capped at the prompt");
  }

  @Test
  void llamaCppTimingsAddTheCachedTokensToTheProcessedOnes() throws IOException {
    ParsedChunk c = parser.parse(
        "{\"choices\":[{\"delta\":{}}],\"timings\":{\"cache_n\":40,\"prompt_n\":6,\"predicted_n\":4}}");
    assertEquals(Usage.reported(46, 4, 40), c.usage());
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
