package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows the redirects that keep the request as it was, and only those; the client's own
 * following is off. OkHttp, like browsers, turns a POST into a GET without its body on 300-303 and
 * follows up to 20 redirects (RetryAndFollowUpInterceptor): a 302 ended in a misleading 404, and a
 * loop of 307s, retried as a connection failure, cost 63 POSTs for one request.
 *
 * <p>Here a 307 or 308 (which keep method and body, RFC 9110 15.4.8-9) is followed at most {@link
 * #MAX} times within the one attempt, so within its time limits, and to another origin only when
 * the request carries no API key (OkHttp would drop the key there, and the other server then
 * answers 401 "check api-key"). Any other redirect, one more than {@link #MAX}, or one without a
 * usable {@code Location} is a {@link ResponseFailure}: a {@link BackendUnavailableException},
 * not retryable, naming the URL, the status and where the server points, since the base URL is
 * probably wrong. An application interceptor, which OkHttp lets call {@code proceed} more than
 * once. Stateless.
 */
final class Redirects implements Interceptor {

  /** Most redirects followed per attempt: the 5 HTTP/1.0 recommends (RFC 1945 9.3). */
  static final int MAX = 5;

  private final RemoteSettings settings;

  Redirects(RemoteSettings settings) {
    this.settings = settings;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request first = chain.request();
    Request request = first;
    Response response = chain.proceed(request);
    for (int followed = 0; isRedirect(response.code()); followed++) {
      String refusal = refusal(first, request, response, followed);
      response.close();
      if (refusal != null) {
        throw refused(refusal);
      }
      request = request.newBuilder().url(target(request, response)).build();
      response = chain.proceed(request);
    }
    return response;
  }

  /**
   * Why {@code response}, the answer to {@code request} after {@code followed} redirects from
   * {@code first}, is not followed; null if it is.
   */
  private String refusal(Request first, Request request, Response response, int followed) {
    int code = response.code();
    String from = "HTTP " + code + " from " + request.url();
    String location = response.header("Location");
    if (location == null) {
      return from + " without a Location header";
    }
    HttpUrl target = request.url().resolve(location);
    if (target == null) {
      return from + " to " + location + ", which is not an http(s) URL";
    }
    String to = from + " redirects to " + target;
    if (code != 307 && code != 308) {
      return to + ": not followed, since clients turn a POST into a GET on it; the base URL is"
          + " probably wrong" + suggestion(request, target) + " (" + baseUrlKey() + ")";
    }
    if (followed == MAX) {
      return "more than " + MAX + " redirects from " + first.url() + " (the last to " + target
          + "): a redirect loop, or a wrong base URL (" + baseUrlKey() + ")";
    }
    if (request.header("Authorization") != null && !sameOrigin(request.url(), target)) {
      return to + ", another origin: not followed, so that the API key goes only to the"
          + " configured server; set the base URL to that server if it is the right one"
          + suggestion(request, target) + " (" + baseUrlKey() + ")";
    }
    return null;
  }

  private static boolean isRedirect(int code) {
    return code >= 300 && code <= 303 || code == 307 || code == 308;
  }

  private static HttpUrl target(Request request, Response response) {
    return request.url().resolve(response.header("Location"));
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /**
   * ", perhaps BASE" when {@code target} ends with the path the request added to its endpoint's
   * base URL ({@code chat/completions}): BASE is what the base URL would then be.
   */
  private static String suggestion(Request request, HttpUrl target) {
    Attempt attempt = request.tag(Attempt.class);
    if (attempt == null) {
      return "";
    }
    String base = attempt.endpoint().baseUrl().toString();
    String url = request.url().toString();
    String added = url.startsWith(base) ? url.substring(base.length()) : "";
    String t = target.toString();
    if (added.isEmpty() || !t.endsWith("/" + added)) {
      return "";
    }
    return ", perhaps " + t.substring(0, t.length() - added.length() - 1);
  }

  private String baseUrlKey() {
    return settings.fullKey(settings.endpoints().size() > 1 ? "endpoints" : "base-url");
  }

  private ResponseFailure refused(String what) {
    return new ResponseFailure(new AttemptFailure(new BackendUnavailableException(
        settings.instanceName(), settings.apiKey().redact(what), false), false, null));
  }
}
