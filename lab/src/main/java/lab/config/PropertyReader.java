package lab.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads -D properties and fails fast, naming the property and the allowed range, when a value is wrong.
 * Shared by the server's and the simulations' configuration so that every knob behaves the same way.
 */
public final class PropertyReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final Properties source;

  public PropertyReader(Properties source) {
    this.source = source;
  }

  public static PropertyReader system() {
    return new PropertyReader(System.getProperties());
  }

  /** The raw value, trimmed, or null when the property is unset or blank. */
  public String raw(String name) {
    String value = source.getProperty(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String string(String name, String defaultValue) {
    String value = raw(name);
    return value == null ? defaultValue : value;
  }

  public int integer(String name, int defaultValue, int min, int max) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw invalid(name, value, "an integer from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(name, value, "an integer from " + min + " to " + max);
    }
  }

  public double decimal(String name, double defaultValue, double min, double max) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= min && parsed <= max)) {
        throw invalid(name, value, "a number from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(name, value, "a number from " + min + " to " + max);
    }
  }

  public boolean bool(String name, boolean defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw invalid(name, value, "true or false");
    }
  }

  /** A duration written as {@code 90s}, {@code 3m}, {@code 250ms}, {@code 1h} or plain seconds ({@code 90}). */
  public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    String range = "a duration from " + format(min) + " to " + format(max) + " (e.g. 90s, 3m, 250ms or plain seconds)";
    Duration parsed = parseDuration(value);
    if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw invalid(name, value, range);
    }
    return parsed;
  }

  public <T> T parsed(String name, T defaultValue, Function<String, T> parser) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException("-D" + name + "=" + value + ": " + e.getMessage());
    }
  }

  /** Parses {@code 90s}, {@code 3m}, {@code 250ms}, {@code 1h} or plain seconds; null when it is none of these. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    try {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d = switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofSeconds(amount);
      };
      d.toMillis(); // every duration here is used in milliseconds: one that does not fit them is no duration
      return d;
    } catch (NumberFormatException | ArithmeticException tooLong) {
      return null;
    }
  }

  /** A duration as people write it: 250ms, 90s, 3m, 1h. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static InvalidPropertyException invalid(String name, String value, String allowed) {
    return new InvalidPropertyException("-D" + name + "=" + value + " is invalid: expected " + allowed);
  }
}
