package io.infer4j.testing.internal;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;
import io.infer4j.Role;
import io.infer4j.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks behind {@code FakeBackend}'s assertions, over the requests it received: each throws
 * an {@link AssertionError} that lists what was received instead. Stateless. Not API.
 */
public final class RequestChecks {

  private RequestChecks() {}

  public static void count(List<InferenceRequest> seen, int expected) {
    if (seen.size() != expected) {
      throw new AssertionError("expected " + expected + " request(s) to the fake backend but got "
          + seen.size() + texts(seen));
    }
  }

  public static void none(List<InferenceRequest> seen) {
    if (!seen.isEmpty()) {
      throw new AssertionError(
          "expected no requests to the fake backend but got " + seen.size() + texts(seen));
    }
  }

  public static void promptContains(List<InferenceRequest> seen, String part) {
    for (InferenceRequest r : seen) {
      if (r.text().contains(part)) {
        return;
      }
    }
    throw new AssertionError("expected a request whose text contains \"" + part + "\" but "
        + (seen.isEmpty() ? "the fake backend received no requests" : "got" + texts(seen)));
  }

  public static void toolOffered(List<InferenceRequest> seen, String name) {
    StringBuilder offered = new StringBuilder();
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i).tool(name).isPresent()) {
        return;
      }
      offered.append(i == 0 ? ": " : ", ").append('[').append(i + 1).append("] tools ")
          .append(seen.get(i).tools().stream().map(ToolDefinition::name).toList());
    }
    throw new AssertionError("expected a request offering the tool '" + name + "' but "
        + (seen.isEmpty() ? "the fake backend received no requests" : "got" + offered));
  }

  public static void toolResultSent(List<InferenceRequest> seen, String toolCallId) {
    List<String> answered = new ArrayList<>();
    for (InferenceRequest r : seen) {
      for (ChatMessage m : r.messages()) {
        if (m.role() == Role.TOOL) {
          if (m.toolCallId().equals(toolCallId)) {
            return;
          }
          answered.add(m.toolCallId());
        }
      }
    }
    throw new AssertionError("expected a request with the result of tool call '" + toolCallId
        + "' but " + (answered.isEmpty() ? "no request carried a tool result"
            : "the requests carried results for " + answered));
  }

  private static String texts(List<InferenceRequest> seen) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < seen.size(); i++) {
      sb.append(i == 0 ? ": " : ", ").append('[').append(i + 1).append("] \"")
          .append(abbreviate(seen.get(i).text())).append('"');
    }
    return sb.toString();
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
