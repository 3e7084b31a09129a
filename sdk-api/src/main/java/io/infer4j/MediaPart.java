package io.infer4j;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image or a sound in a user message, sent as the OpenAI content-part format does: an image by
 * URL ({@code https:} or a {@code data:} URL with base64 bytes), a sound as base64 bytes with its
 * format. Only backends with {@link io.infer4j.spi.Capability#IMAGES} or {@link
 * io.infer4j.spi.Capability#AUDIO} take them; the others (the in-process, text-only models) refuse
 * the request with {@link UnsupportedCapabilityException}.
 *
 * @param kind image or audio
 * @param url the image's URL (http, https or data); {@code null} for audio
 * @param data the sound's bytes, base64; {@code null} for an image
 * @param format the sound's format ({@code wav}, {@code mp3}); {@code null} for an image
 */
public record MediaPart(Kind kind, String url, String data, String format) {

  /** What the part holds. */
  public enum Kind {
    /** An image, by URL ({@link MediaPart#url()}). */
    IMAGE,
    /**
     * A sound, as base64 bytes with their format ({@link MediaPart#data()}, {@link
     * MediaPart#format()}).
     */
    AUDIO
  }

  private static final Pattern IMAGE_URL =
      Pattern.compile("(?i)(https?://\\S+|data:image/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+)");

  /**
   * Validates the part.
   *
   * @throws NullPointerException if {@code kind} is {@code null}
   * @throws InvalidRequestException if an image has no http(s) or base64 {@code data:image} URL, or
   *     has data or a format; or a sound has a URL, or lacks data or a format
   */
  public MediaPart {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.IMAGE) {
      if (url == null || !IMAGE_URL.matcher(url).matches() || data != null || format != null) {
        throw new InvalidRequestException("messages.media",
            "an image needs an http(s) URL or a data:image/...;base64 URL and nothing else: "
                + abbreviate(url));
      }
    } else {
      if (url != null || data == null || data.isEmpty() || format == null || format.isBlank()) {
        throw new InvalidRequestException("messages.media",
            "a sound needs base64 data and a format (wav, mp3), no URL");
      }
    }
  }

  /**
   * {@return an image at {@code url} (http or https)}
   *
   * @param url an {@code http:} or {@code https:} URL, or a base64 {@code data:image/...} URL
   * @throws InvalidRequestException if {@code url} is {@code null} or not such a URL
   */
  public static MediaPart imageUrl(String url) {
    return new MediaPart(Kind.IMAGE, url, null, null);
  }

  /**
   * {@return an image from its bytes, sent inline as a data URL}
   *
   * @param bytes the encoded image (PNG, JPEG, ...)
   * @param mimeType its media type, such as {@code image/png}
   * @throws NullPointerException if {@code bytes} or {@code mimeType} is {@code null}
   * @throws InvalidRequestException if {@code mimeType} is not {@code image/...}
   */
  public static MediaPart image(byte[] bytes, String mimeType) {
    Objects.requireNonNull(mimeType, "mimeType");
    return imageUrl("data:" + mimeType.toLowerCase(Locale.ROOT) + ";base64,"
        + Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * {@return a sound from its bytes}
   *
   * @param bytes the encoded sound
   * @param format its format, as the provider names it ({@code wav}, {@code mp3})
   * @throws NullPointerException if {@code bytes} is {@code null}
   * @throws InvalidRequestException if {@code bytes} is empty or {@code format} is {@code null} or
   *     blank
   */
  public static MediaPart audio(byte[] bytes, String format) {
    return new MediaPart(Kind.AUDIO, null, Base64.getEncoder().encodeToString(bytes), format);
  }

  @Override
  public String toString() {
    return kind == Kind.IMAGE ? "MediaPart[image " + abbreviate(url) + "]"
        : "MediaPart[audio " + format + ", " + data.length() + " base64 chars]";
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
