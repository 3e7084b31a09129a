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

  /**
   * Matching requests get {@code text}, streamed in word chunks.
   *
   * @param text the answer; {@code ""} for an empty one
   * @return the fake, with the rule added
   */
  public FakeBackend reply(String text) {
    return fake.addRule(matcher, ScriptedAnswer.text(text));
  }

  /**
   * Matching requests get exactly these chunks.
   *
   * @param chunks the chunks, in order; none for an empty answer
   * @return the fake, with the rule added
   */
  public FakeBackend replyChunks(String... chunks) {
    return fake.addRule(matcher, ScriptedAnswer.chunks(Arrays.asList(chunks)));
  }

  /**
   * Matching requests get {@code value} written as JSON ({@link FakeBackend#replyJson(Object)}).
   *
   * @param value a record or map, written as JSON
   * @return the fake, with the rule added
   * @throws IllegalArgumentException when {@code value} cannot be written as JSON
   */
  public FakeBackend replyJson(Object value) {
    return fake.addRule(matcher, ScriptedAnswer.text(FakeJson.write(value)));
  }

  /**
   * Matching requests get the JSON text {@code json}.
   *
   * @param json the answer, JSON text
   * @return the fake, with the rule added
   * @throws IllegalArgumentException when it is not JSON
   */
  public FakeBackend replyJson(String json) {
    return fake.addRule(matcher, ScriptedAnswer.json(json));
  }

  /**
   * Matching requests call the tool {@code name} with {@code argumentsJson}.
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as JSON text, sent as is; {@code "{}"} when {@code null} or
   *     blank
   * @return the fake, with the rule added
   */
  public FakeBackend replyToolCall(String name, String argumentsJson) {
    return replyToolCalls(FakeToolCall.of(name, argumentsJson));
  }

  /**
   * Matching requests call the tool {@code name} with {@code arguments} written as JSON.
   *
   * @param name the tool's name
   * @param arguments a record or map, written as JSON
   * @return the fake, with the rule added
   * @throws IllegalArgumentException when {@code arguments} cannot be written as JSON
   */
  public FakeBackend replyToolCall(String name, Object arguments) {
    return replyToolCalls(FakeToolCall.of(name, arguments));
  }

  /**
   * Matching requests make these calls at once; each request gets ids of its own ({@code
   * call_<n>}, numbered as the fake makes them) unless the calls name theirs.
   *
   * @param calls the calls, each numbered by the fake unless it names its id
   * @return the fake, with the rule added
   */
  public FakeBackend replyToolCalls(FakeToolCall... calls) {
    return fake.addRule(matcher, ScriptedAnswer.toolCalls(Arrays.asList(calls)));
  }

  /**
   * Matching requests fail with {@code failure} when they start.
   *
   * @param failure the exception the request fails with
   * @return the fake, with the rule added
   */
  public FakeBackend fail(InferenceException failure) {
    return fake.addRule(matcher, ScriptedAnswer.failure(failure));
  }

  /**
   * Matching requests stream {@code chunks}, then fail with {@code failure}.
   *
   * @param failure the exception the request fails with
   * @param chunks the chunks streamed before the failure, in order
   * @return the fake, with the rule added
   */
  public FakeBackend failAfterChunks(InferenceException failure, String... chunks) {
    return fake.addRule(matcher, ScriptedAnswer.failureAfter(Arrays.asList(chunks), failure));
  }
}
