package io.infer4j;

import java.math.BigDecimal;

/**
 * What a request cost, in US dollars, and where the price came from.
 *
 * <p>The amount is exact decimal arithmetic on the token counts and a price per million tokens; it
 * is what the price says, not what a provider billed (an invoice may round, apply discounts or
 * credits). Equal amounts are equal whatever their scale: {@code 0.50} and {@code 0.5} make equal
 * costs (the amount is kept without trailing zeros; print it with {@link
 * BigDecimal#toPlainString()}).
 *
 * @param usd the amount in US dollars, {@code >= 0}
 * @param source where the price came from: a configuration key, or a published list price with
 *     its page and the date it was read; never blank
 */
public record Cost(BigDecimal usd, String source) {

  /**
   * Validates the cost and strips the amount's trailing zeros.
   *
   * @throws IllegalArgumentException if {@code usd} is {@code null} or negative, or {@code source}
   *     is {@code null} or blank
   */
  public Cost {
    if (usd == null || usd.signum() < 0) {
      throw new IllegalArgumentException("usd must be >= 0: " + usd);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    usd = usd.signum() == 0 ? BigDecimal.ZERO : usd.stripTrailingZeros();
  }

  /**
   * {@return a cost of {@code usd} dollars, given as a decimal string such as {@code "0.000985"}}
   *
   * @param usd the amount in US dollars, {@code >= 0}, as {@link BigDecimal#BigDecimal(String)}
   *     reads it
   * @param source where the price came from; not blank
   * @throws NumberFormatException if {@code usd} is not a decimal number
   * @throws IllegalArgumentException if the amount is negative or {@code source} is blank
   */
  public static Cost usd(String usd, String source) {
    return new Cost(new BigDecimal(usd), source);
  }
}
