package io.infer4j.runtime.shape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a planned system draws and costs while it serves: power, joules per token and price per
 * million tokens, from each accelerator's power and hourly price and the plan's throughput.
 *
 * <p><b>Model.</b> The system is {@code units} accelerators (LPU chips or GPUs), each drawing
 * {@code wattsPerUnit} (its rated maximum unless a measured figure is given: an upper bound, as
 * batch-1 decode rarely draws full power) and costing {@code pricePerUnitHour}. Host CPUs, network
 * and cooling are not counted. Each phase is charged for its own time: an output token costs the
 * system's power and price for {@code 1 / outputTokensPerSecond} (decode throughput over all
 * sequences), an input token for {@code 1 / inputTokensPerSecond} (prefill throughput). So {@code
 * joulesPerOutputToken = systemWatts / outputTokensPerSecond} and {@code costPerMillionOutputTokens
 * = units x pricePerUnitHour / 3600 / outputTokensPerSecond x 1e6}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param units accelerators of the system
 * @param wattsPerUnit power of one accelerator, W, or NaN when none is published
 * @param powerSource where {@code wattsPerUnit} comes from (datasheet, paper, or "given"), or why
 *     there is none
 * @param pricePerUnitHour price of one accelerator-hour, in US dollars, or NaN when none is known
 * @param priceSource where the price comes from, or why there is none
 * @param outputTokensPerSecond tokens generated per second over all sequences during decode
 * @param inputTokensPerSecond prompt tokens processed per second over all sequences during prefill
 */
public record CostAndEnergy(
    int units,
    double wattsPerUnit,
    String powerSource,
    double pricePerUnitHour,
    String priceSource,
    double outputTokensPerSecond,
    double inputTokensPerSecond) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code powerSource} or {@code priceSource} is null
   * @throws IllegalArgumentException if {@code units} is below 1, {@code wattsPerUnit} is neither
   *     positive and finite nor NaN, {@code pricePerUnitHour} is neither at least 0 and finite nor
   *     NaN, or a throughput is not positive
   */
  public CostAndEnergy {
    Objects.requireNonNull(powerSource, "powerSource");
    Objects.requireNonNull(priceSource, "priceSource");
    if (units < 1) {
      throw new IllegalArgumentException("units must be at least 1: " + units);
    }
    if (!Double.isNaN(wattsPerUnit) && !(wattsPerUnit > 0 && wattsPerUnit < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("wattsPerUnit must be positive and finite, or NaN: " + wattsPerUnit);
    }
    if (!Double.isNaN(pricePerUnitHour) && !(pricePerUnitHour >= 0 && pricePerUnitHour < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("pricePerUnitHour must be >= 0 and finite, or NaN: " + pricePerUnitHour);
    }
    if (!(outputTokensPerSecond > 0) || !(inputTokensPerSecond > 0)) {
      throw new IllegalArgumentException("throughputs must be positive");
    }
  }

  /** {@return the power of the whole system, W, or empty when no power figure is known} */
  public OptionalDouble systemWatts() {
    return Double.isNaN(wattsPerUnit) ? OptionalDouble.empty() : OptionalDouble.of(units * wattsPerUnit);
  }

  /** {@return the energy per generated token, J, or empty without a power figure} */
  public OptionalDouble joulesPerOutputToken() {
    return perToken(outputTokensPerSecond);
  }

  /** {@return the energy per prompt token, J, or empty without a power figure} */
  public OptionalDouble joulesPerInputToken() {
    return perToken(inputTokensPerSecond);
  }

  /**
   * {@return the same system with another power figure per accelerator (a user's own or measured
   * one)}
   *
   * @param watts power of one accelerator, W, positive and finite, or NaN for none
   * @param source where the figure comes from ("given"), or why there is none
   * @throws IllegalArgumentException if {@code watts} is neither NaN nor positive and finite
   */
  public CostAndEnergy withWatts(double watts, String source) {
    return new CostAndEnergy(units, watts, source, pricePerUnitHour, priceSource,
        outputTokensPerSecond, inputTokensPerSecond);
  }

  private OptionalDouble perToken(double tokensPerSecond) {
    return Double.isNaN(wattsPerUnit)
        ? OptionalDouble.empty()
        : OptionalDouble.of(units * wattsPerUnit / tokensPerSecond);
  }

  /** {@return the US dollars per million generated tokens, or empty without a price} */
  public OptionalDouble costPerMillionOutputTokens() {
    return perMillion(outputTokensPerSecond);
  }

  /** {@return the US dollars per million prompt tokens, or empty without a price} */
  public OptionalDouble costPerMillionInputTokens() {
    return perMillion(inputTokensPerSecond);
  }

  /**
   * {@return the same system at another hourly price per accelerator (a user's own)}
   *
   * @param pricePerHour US dollars per accelerator-hour, at least 0 and finite, or NaN for none
   * @param source where the price comes from ("given"), or why there is none
   * @throws IllegalArgumentException if {@code pricePerHour} is negative or infinite
   */
  public CostAndEnergy withPrice(double pricePerHour, String source) {
    return new CostAndEnergy(units, wattsPerUnit, powerSource, pricePerHour, source,
        outputTokensPerSecond, inputTokensPerSecond);
  }

  private OptionalDouble perMillion(double tokensPerSecond) {
    if (Double.isNaN(pricePerUnitHour)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(units * pricePerUnitHour / 3600.0 / tokensPerSecond * 1e6);
  }

  /**
   * {@return the JSON fields, unmodifiable} In snake_case: {@code watts_per_unit, system_watts,
   * joules_per_output_token, joules_per_input_token} (null without a power figure), {@code
   * price_per_unit_hour_usd, usd_per_million_output_tokens, usd_per_million_input_tokens} (null
   * without a price), {@code power_source, price_source}.
   */
  public Map<String, Object> toJsonFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("watts_per_unit", Double.isNaN(wattsPerUnit) ? null : round(wattsPerUnit, 1));
    f.put("system_watts", orNull(systemWatts(), 1));
    f.put("joules_per_output_token", orNull(joulesPerOutputToken(), 4));
    f.put("joules_per_input_token", orNull(joulesPerInputToken(), 5));
    f.put("price_per_unit_hour_usd", Double.isNaN(pricePerUnitHour) ? null : round(pricePerUnitHour, 4));
    f.put("usd_per_million_output_tokens", orNull(costPerMillionOutputTokens(), 4));
    f.put("usd_per_million_input_tokens", orNull(costPerMillionInputTokens(), 4));
    f.put("power_source", powerSource);
    f.put("price_source", priceSource);
    return Collections.unmodifiableMap(f);
  }

  /**
   * {@return table rows, label to value: power and energy, then cost; without a figure, a row
   * saying which option gives it}
   *
   * @param unit what one accelerator is called in the text ("chip", "GPU")
   */
  public Map<String, String> toTableRows(String unit) {
    Map<String, String> rows = new LinkedHashMap<>();
    if (Double.isNaN(wattsPerUnit)) {
      rows.put("power", "no published power per " + unit + " (" + powerSource + "); give --watts");
    } else {
      rows.put("power", fmt("%.0f W per %s x %d = %.0f W at rated power (%s)",
          wattsPerUnit, unit, units, systemWatts().getAsDouble(), powerSource));
      rows.put("energy", fmt("%.3f J per output token, %.4f J per prompt token",
          joulesPerOutputToken().getAsDouble(), joulesPerInputToken().getAsDouble()));
    }
    if (Double.isNaN(pricePerUnitHour)) {
      rows.put("cost", "no price per " + unit + "-hour (" + priceSource + "); give --price-per-hour");
    } else {
      rows.put("cost", fmt("$%.4f per million output tokens, $%.4f per million prompt tokens"
              + " at $%.2f per %s-hour (%s)",
          costPerMillionOutputTokens().getAsDouble(), costPerMillionInputTokens().getAsDouble(),
          pricePerUnitHour, unit, priceSource));
    }
    return rows;
  }

  private static Object orNull(OptionalDouble v, int decimals) {
    return v.isPresent() ? round(v.getAsDouble(), decimals) : null;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
