package io.infer4j.testing;

import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.testing.internal.FakeJson;
import io.infer4j.testing.internal.ScriptedAnswer;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A rule being added to a {@link FakeBackend}: which requests it matches, waiting for the answer.
 * Each method adds the rule and returns the fake, so scripting stays fluent. A rule that is never
 * completed is never added. Rules persist and answer every matching request before the queue.
 */
public final class FakeRule {

  private final FakeBackend fake;
  private final Predicate<InferenceRequest> matcher;

  FakeRule(FakeBackend fake, Predicate<InferenceRequest> matcher) {
    this.fake = fake;
    this.matcher = matcher;
  }

  /** Matching requests get {@code text}, streamed in word chunks. */
  public FakeBackend reply(String text) {
    return fake.addRule(matcher, ScriptedAnswer.text(text));
  }

  /** Matching requests get exactly these chunks. */
  public FakeBackend replyChunks(String... chunks) {
    return fake.addRule(matcher, ScriptedAnswer.chunks(Arrays.asList(chunks)));
  }

  /** Matching requests get {@code value} written as JSON ({@link FakeBackend#replyJson(Object)}). */
  public FakeBackend replyJson(Object value) {
    return fake.addRule(matcher, ScriptedAnswer.text(FakeJson.write(value)));
  }

  /**
   * Matching requests get the JSON text {@code json}.
   *
   * @throws IllegalArgumentException when it is not JSON
   */
  public FakeBackend replyJson(String json) {
    return fake.addRule(matcher, ScriptedAnswer.json(json));
  }

  /** Matching requests call the tool {@code name} with {@code argumentsJson}. */
  public FakeBackend replyToolCall(String name, String argumentsJson) {
    return replyToolCalls(FakeToolCall.of(name, argumentsJson));
  }

  /** Matching requests call the tool {@code name} with {@code arguments} written as JSON. */
  public FakeBackend replyToolCall(String name, Object arguments) {
    return replyToolCalls(FakeToolCall.of(name, arguments));
  }

  /**
   * Matching requests make these calls at once; each request gets ids of its own ({@code
   * call_<n>}, numbered as the fake makes them) unless the calls name theirs.
   */
  public FakeBackend replyToolCalls(FakeToolCall... calls) {
    return fake.addRule(matcher, ScriptedAnswer.toolCalls(Arrays.asList(calls)));
  }

  /** Matching requests fail with {@code failure} when they start. */
  public FakeBackend fail(InferenceException failure) {
    return fake.addRule(matcher, ScriptedAnswer.failure(failure));
  }

  /** Matching requests stream {@code chunks}, then fail with {@code failure}. */
  public FakeBackend failAfterChunks(InferenceException failure, String... chunks) {
    return fake.addRule(matcher, ScriptedAnswer.failureAfter(Arrays.asList(chunks), failure));
  }
}
