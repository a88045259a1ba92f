package lab.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads -D properties and fails fast, naming the property and the allowed range, when a value is wrong.
 * Shared by the server's and the simulations' configuration so that every knob behaves the same way.
 */
public final class PropertyReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  /**
   * Set (in simulations/pom.xml) on the JVM that gatling-maven-plugin forks: the plugin passes every -D value of
   * the mvn command line Java-escaped ({@code {"a":1}} arrives as {@code {\"a\":1}}), and this reader undoes it.
   */
  public static final String ESCAPED_BY_GATLING_PLUGIN = "lab.propertiesEscapedByGatlingPlugin";

  /** Properties whose values are secrets: never echoed in an error, a report or a log (their names are). */
  public static final Set<String> SECRETS = Set.of("auth", "headers", "server.keystore.password",
      "target.truststorePassword");

  private final Properties source;
  private final boolean escaped;
  private final Set<String> asked = new LinkedHashSet<>();

  public PropertyReader(Properties source) {
    this(source, false);
  }

  private PropertyReader(Properties source, boolean escaped) {
    this.source = source;
    this.escaped = escaped;
  }

  public static PropertyReader system() {
    return new PropertyReader(System.getProperties(), Boolean.getBoolean(ESCAPED_BY_GATLING_PLUGIN));
  }

  /** The raw value, trimmed, or null when the property is unset or blank. */
  public String raw(String name) {
    asked.add(name);
    String value = source.getProperty(name);
    if (value != null && escaped) {
      value = unescape(value);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * The value as it was typed, from what gatling-maven-plugin's fork passes: the inverse of its escaping
   * ({@code \"}, {@code \'}, {@code \\}, {@code \t}, {@code \n}, {@code \r}, {@code \b}, {@code \f} and
   * {@code \}{@code uXXXX} for anything outside printable ASCII).
   */
  static String unescape(String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\' || i + 1 == escaped.length()) {
        out.append(c);
        continue;
      }
      char next = escaped.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 < escaped.length() && escaped.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
            out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
            i += 4;
          } else {
            out.append('\\').append(next);
          }
        }
        default -> out.append(next); // \" \' \\
      }
    }
    return out.toString();
  }

  /** Every property asked for so far, in order: what a configuration reads, for its documentation's test. */
  public Set<String> asked() {
    return Collections.unmodifiableSet(asked);
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
      throw new InvalidPropertyException("-D" + name + "=" + (SECRETS.contains(name) ? "(value hidden)" : value) + ": "
          + e.getMessage());
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
