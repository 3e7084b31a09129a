package io.infer4j.internal.router;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceRequest;
import io.infer4j.RateLimitedException;
import io.infer4j.RouteDecision;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.LatencyEstimate;
import io.infer4j.spi.PromptTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides where a request should go, without side effects (so {@code explain} and a real request
 * see the same decision).
 *
 * <p><b>Rule.</b> A backend is <em>available</em> when it accepts the request's kind (chat or raw
 * prompt), its circuit breaker is not open nor half-open with its one trial request in flight,
 * and no rate limit asks to skip it. Its prediction is the configured {@code prior-*} keys while
 * the router has observed nothing of it, else the backend's own {@link
 * io.infer4j.spi.Backend#estimate} when it gives one (inflated by {@code 2 - confidence}, so an
 * exact simulator counts as is; a remote preset's published figures come this way), else the
 * learnt {@link LatencyStats} at the router's confidence quantile. It <em>fits</em> when the predicted time to first token is
 * within what is left of the first-token budget and the predicted total within what is left of the
 * total budget; one with no prediction yet fits, ranked after every predicted one, so it gets
 * observed. The fitting ones are ranked by the policy; when none fits, {@link WhenNoneFits}
 * applies.
 */
final class Planner {

  private final String routerName;
  private final List<Member> members;
  private final RouterSettings settings;
  private final OutputLengths outputLengths;

  Planner(String routerName, List<Member> members, RouterSettings settings) {
    this.routerName = routerName;
    this.members = List.copyOf(members);
    this.settings = settings;
    this.outputLengths = new OutputLengths(settings.windowSize(), settings.window());
  }

  /** The lengths of the answers served, which predictions are made for. */
  OutputLengths outputLengths() {
    return outputLengths;
  }

  Plan plan(InferenceRequest request, Deadline deadline) {
    long now = deadline.nanoClock().getAsLong();
    long ttftLeft = deadline.firstTokenRemainingNanos();
    long totalLeft = deadline.remainingNanos();
    int promptTokens = PromptTokens.estimate(request);
    OutputLengths.Expected length =
        outputLengths.expected(request.sampling().maxTokens(), settings.confidence(), now);
    boolean byTtft = deadline.hasFirstTokenLimit() && deadline.isUnbounded();
    Comparator<Assessed> bySpeed = Comparator.comparingLong(a -> a.speedKey(byTtft));

    List<Assessed> fitting = new ArrayList<>();
    List<Assessed> availableNotFitting = new ArrayList<>();
    List<Assessed> unavailable = new ArrayList<>();
    long minRateLimit = Long.MAX_VALUE;
    boolean allRateLimited = true;
    boolean anyCapable = false;
    Set<Capability> needed = request.requiredCapabilities(); // once per decision, not per member
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      Prediction p = predict(m, request, promptTokens, length, now);
      Assessed a = new Assessed(m, i, p);
      String kindProblem = kindProblem(m, request, needed);
      long coolDown = m.breaker().openRemainingNanos(now);
      boolean trialBusy = coolDown == 0 && m.breaker().trialInFlight(now);
      long rateLimit = m.rateLimitRemainingNanos(now);
      if (kindProblem != null) {
        a.note = kindProblem;
        unavailable.add(a);
        continue;
      }
      anyCapable = true;
      if (coolDown > 0 || trialBusy || rateLimit > 0) {
        if (coolDown > 0) {
          a.note = "cooling down for another " + ms(coolDown) + " after "
              + m.breaker().consecutiveFailures() + " consecutive failures";
        } else if (trialBusy) {
          a.note = CircuitBreaker.TRIAL_IN_FLIGHT;
        } else {
          a.note = "rate limited for another " + ms(rateLimit);
        }
        allRateLimited &= coolDown == 0 && !trialBusy;
        if (rateLimit > 0) {
          minRateLimit = Math.min(minRateLimit, rateLimit);
        }
        unavailable.add(a);
        continue;
      }
      allRateLimited = false;
      String trial = m.breaker().state(now) == CircuitBreaker.State.HALF_OPEN ? "; trial after cool-down" : "";
      if (p == null) {
        a.note = "no prediction yet (no estimate, prior or recent observation); tried after predicted ones" + trial;
        fitting.add(a);
      } else if (p.ttftNanos() <= ttftLeft && p.totalNanos() <= totalLeft) {
        a.note = "fits: " + describe(p) + " " + length.source() + trial;
        fitting.add(a);
      } else {
        a.note = "too slow: " + describe(p) + " " + length.source() + " vs " + budget(deadline)
            + " left" + trial;
        availableNotFitting.add(a);
      }
    }

    fitting.sort(policyOrder(bySpeed));
    availableNotFitting.sort(bySpeed);
    unavailable.sort(bySpeed);
    List<RouteDecision.Candidate> candidates = new ArrayList<>();
    fitting.forEach(a -> candidates.add(a.toCandidate(true)));
    availableNotFitting.forEach(a -> candidates.add(a.toCandidate(false)));
    unavailable.forEach(a -> candidates.add(a.toCandidate(false)));

    if (!fitting.isEmpty()) {
      return new Plan(candidates, entries(fitting), reasonFor(fitting.get(0), deadline), true, null);
    }
    if (availableNotFitting.isEmpty()) {
      String why = "no backend available: " + summary(unavailable);
      if (!anyCapable) {
        return new Plan(candidates, List.of(), why, false,
            new BackendUnavailableException(routerName, why, false));
      }
      if (allRateLimited) {
        return new Plan(candidates, List.of(), why, false,
            new RateLimitedException(routerName, why, Duration.ofNanos(minRateLimit)));
      }
      return new Plan(candidates, List.of(), why, false,
          new BackendUnavailableException(routerName, why, true));
    }
    String noneFits = "no backend is predicted to meet the budget (" + budget(deadline) + " left at "
        + quantileLabel() + ")";
    if (settings.whenNoneFits() == WhenNoneFits.FAIL) {
      return new Plan(candidates, List.of(), noneFits, false,
          new DeadlineExceededException(noneFits + ": " + summary(availableNotFitting)));
    }
    Assessed first = availableNotFitting.get(0);
    return new Plan(candidates, entries(availableNotFitting),
        noneFits + "; serving the fastest predicted, " + first.member.name() + " ("
            + describe(first.prediction) + ")",
        false,
        null);
  }

  /**
   * {@code m}'s prediction for an answer of the likely {@code length}, or null without one. The
   * member's configured {@code prior-*} keys come first while the router has observed nothing of
   * it (they are the operator's override, also of a backend's published figures); then the
   * backend's own estimate; then what the router learnt.
   */
  private Prediction predict(Member m, InferenceRequest request, int promptTokens,
      OutputLengths.Expected length, long now) {
    int tokens = length.tokens();
    if (m.profile().priorTimeToFirstToken() != null && !m.stats().hasFirstTokens(now)) {
      return learnt(m, promptTokens, tokens, now);
    }
    Optional<LatencyEstimate> estimate;
    try {
      estimate = m.backend().estimate(request);
    } catch (RuntimeException e) {
      estimate = Optional.empty(); // a backend that cannot estimate this request is learnt instead
    }
    if (estimate != null && estimate.isPresent()) {
      LatencyEstimate e = estimate.get();
      double inflate = 2.0 - e.confidence();
      long ttft = scale(e.timeToFirstToken(), inflate);
      long total = Math.max(ttft, scale(e.total(tokens), inflate));
      String basis = e.source().isBlank() ? "" : " (" + e.source() + ")";
      String source = e.confidence() >= 1.0
          ? "backend estimate" + (basis.isEmpty() ? " (exact)" : basis)
          : String.format(Locale.ROOT, "backend estimate%s, confidence %.2f", basis, e.confidence());
      return new Prediction(ttft, total, source);
    }
    return learnt(m, promptTokens, tokens, now);
  }

  /** What the router learnt of {@code m} (or its configured priors), at the confidence quantile. */
  private Prediction learnt(Member m, int promptTokens, int tokens, long now) {
    double q = LatencyStats.effectiveQuantile(settings.confidence(), m.stats().failureShare(now));
    return m.stats().predict(m.profile(), promptTokens, tokens, q, now).orElse(null);
  }

  private static long scale(Duration d, double factor) {
    double n = d.toNanos() * factor;
    return n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n;
  }

  private static String kindProblem(Member m, InferenceRequest request, Set<Capability> needed) {
    Set<Capability> caps = m.backend().capabilities();
    for (Capability c : needed) {
      if (!caps.contains(c)) {
        return "has no " + c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " capability";
      }
    }
    if (!caps.contains(Capability.CHAT) && !caps.contains(Capability.RAW_PROMPT)) {
      return null; // the backend does not say; let it decide
    }
    if (request.isRawPrompt() && !caps.contains(Capability.RAW_PROMPT)) {
      return "does not accept raw prompts";
    }
    if (!request.isRawPrompt() && !caps.contains(Capability.CHAT)) {
      return "does not accept chat requests";
    }
    return null;
  }

  /** Ranks the fitting candidates; those without a prediction always come last. */
  private Comparator<Assessed> policyOrder(Comparator<Assessed> bySpeed) {
    return Comparator.<Assessed, Boolean>comparing(a -> a.prediction == null)
        .thenComparing(byPolicy(bySpeed));
  }

  private Comparator<Assessed> byPolicy(Comparator<Assessed> bySpeed) {
    switch (settings.policy()) {
      case CHEAPEST_WITHIN_BUDGET:
        return Comparator.<Assessed>comparingDouble(a -> a.member.profile().costPerMillionTokens())
            .thenComparing(bySpeed);
      case PRIORITY_WITHIN_BUDGET:
        return Comparator.<Assessed>comparingInt(a -> a.member.profile().priority())
            .thenComparingInt(a -> a.index);
      case FASTEST:
      default:
        return bySpeed;
    }
  }

  private String reasonFor(Assessed first, Deadline deadline) {
    String within = deadline.isUnbounded() && !deadline.hasFirstTokenLimit()
        ? " (no budget given)"
        : " within the budget (" + budget(deadline) + " left at " + quantileLabel() + ")";
    String name = first.member.name();
    if (first.prediction == null) {
      return "no backend has a prediction yet; trying " + name + " first to learn its latency";
    }
    switch (settings.policy()) {
      case CHEAPEST_WITHIN_BUDGET:
        return "cheapest" + within + ": " + name + " at "
            + first.member.profile().costPerMillionTokens() + " per million tokens";
      case PRIORITY_WITHIN_BUDGET:
        return "highest priority" + within + ": " + name + " (priority "
            + first.member.profile().priority() + ")";
      case FASTEST:
      default:
        return "fastest predicted" + within + ": " + name + " (" + describe(first.prediction) + ")";
    }
  }

  private static List<Plan.Entry> entries(List<Assessed> ranked) {
    List<Plan.Entry> out = new ArrayList<>(ranked.size());
    ranked.forEach(a -> out.add(new Plan.Entry(a.member, a.prediction)));
    return out;
  }

  private static String summary(List<Assessed> list) {
    StringBuilder sb = new StringBuilder();
    for (Assessed a : list) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(a.member.name()).append(": ").append(a.note);
    }
    return sb.toString();
  }

  private String quantileLabel() {
    return "p" + new java.math.BigDecimal(String.valueOf(settings.confidence() * 100))
        .stripTrailingZeros().toPlainString();
  }

  static String describe(Prediction p) {
    return "ttft " + ms(p.ttftNanos()) + ", total " + ms(p.totalNanos()) + ", " + p.source();
  }

  private static String budget(Deadline d) {
    List<String> parts = new ArrayList<>(2);
    if (d.hasFirstTokenLimit()) {
      parts.add("ttft " + ms(d.firstTokenRemainingNanos()));
    }
    if (!d.isUnbounded()) {
      parts.add("total " + ms(d.remainingNanos()));
    }
    return parts.isEmpty() ? "no limit" : String.join(", ", parts);
  }

  static String ms(long nanos) {
    if (nanos == Long.MAX_VALUE) {
      return "unbounded";
    }
    double millis = nanos / 1e6;
    return millis >= 10 || millis == Math.rint(millis)
        ? Math.round(millis) + " ms"
        : String.format(Locale.ROOT, "%.2f ms", millis);
  }

  /** A member with its prediction and the note the decision shows. */
  private static final class Assessed {
    final Member member;
    final int index;
    final Prediction prediction;
    String note = "";

    Assessed(Member member, int index, Prediction prediction) {
      this.member = member;
      this.index = index;
      this.prediction = prediction;
    }

    /** Unknown predictions sort after every known one. */
    long speedKey(boolean byTtft) {
      if (prediction == null) {
        return Long.MAX_VALUE;
      }
      return byTtft ? prediction.ttftNanos() : prediction.totalNanos();
    }

    RouteDecision.Candidate toCandidate(boolean eligible) {
      return new RouteDecision.Candidate(
          member.name(),
          prediction == null ? null : Duration.ofNanos(prediction.ttftNanos()),
          prediction == null ? null : Duration.ofNanos(prediction.totalNanos()),
          eligible,
          note);
    }
  }
}
