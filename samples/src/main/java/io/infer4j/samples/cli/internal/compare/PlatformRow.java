package io.infer4j.samples.cli.internal.compare;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of the comparison: a platform, where its figures come from, and the figures or why
 * there are none.
 *
 * @param platform what ran or was simulated: a backend instance ({@code gpu}, {@code groq}) or a
 *     simulated system ({@code lpu}, {@code h100})
 * @param device the device the figures are for ({@code cpu-reference}, {@code cuda}, {@code
 *     remote}, {@code lpu}, {@code h100}); empty when unknown
 * @param source measured or simulated
 * @param model the model the figures are for (a file name, a catalog name, a remote model id)
 * @param precision how the weights are stored ({@code q8_0}, {@code fp8}); empty when unknown
 * @param devices how many chips or GPUs; 0 when not applicable (a CPU, a remote endpoint)
 * @param figures the figures, empty when the platform failed or cannot hold the model
 * @param failure why there are no figures (one line, naming the error type); empty otherwise
 * @param note anything else a reader needs (how many chips are used, what was sent)
 */
public record PlatformRow(
    String platform,
    String device,
    Source source,
    String model,
    String precision,
    int devices,
    Optional<Figures> figures,
    String failure,
    String note) {

  public PlatformRow {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(figures, "figures");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(note, "note");
    if (figures.isPresent() == !failure.isEmpty()) {
      throw new IllegalArgumentException("a row has either figures or a failure: " + platform);
    }
  }

  /** A row with figures. */
  public static PlatformRow of(String platform, String device, Source source, String model,
      String precision, int devices, Figures figures, String note) {
    return new PlatformRow(platform, device, source, model, precision, devices,
        Optional.of(figures), "", note);
  }

  /** A row that says why it has no figures. */
  public static PlatformRow failed(String platform, String device, Source source, String model,
      String precision, String failure) {
    return new PlatformRow(platform, device, source, model, precision, 0, Optional.empty(),
        failure.isBlank() ? "failed" : failure, "");
  }

  /** The platform with its device, as the table and chart label it: {@code gpu (cpu-reference)}. */
  public String label() {
    return device.isEmpty() || device.equals(platform) ? platform : platform + " (" + device + ")";
  }
}
