package lab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PropertyReaderTest {

  private static PropertyReader with(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    return new PropertyReader(p);
  }

  @Test
  void durationsAcceptSecondsMinutesMillisAndPlainSeconds() {
    assertEquals(Duration.ofSeconds(90), PropertyReader.parseDuration("90s"));
    assertEquals(Duration.ofMinutes(3), PropertyReader.parseDuration("3m"));
    assertEquals(Duration.ofMillis(250), PropertyReader.parseDuration("250ms"));
    assertEquals(Duration.ofSeconds(45), PropertyReader.parseDuration("45"));
    assertEquals(Duration.ofHours(1), PropertyReader.parseDuration("1h"));
    assertNull(PropertyReader.parseDuration("3 minutes"));
    assertNull(PropertyReader.parseDuration("-5s"));
  }

  @Test
  void formatWritesDurationsAsPeopleDo() {
    assertEquals("3m", PropertyReader.format(Duration.ofMinutes(3)));
    assertEquals("90s", PropertyReader.format(Duration.ofSeconds(90)));
    assertEquals("250ms", PropertyReader.format(Duration.ofMillis(250)));
  }

  @Test
  void defaultsApplyWhenUnsetOrBlank() {
    assertEquals(7, with("other", "1").integer("n", 7, 0, 10));
    assertEquals(7, with("n", "  ").integer("n", 7, 0, 10));
  }

  @Test
  void invalidValuesNameThePropertyAndTheAllowedRange() {
    assertEquals("-Dusers=0 is invalid: expected an integer from 1 to 20000",
        assertThrows(InvalidPropertyException.class, () -> with("users", "0").integer("users", 2000, 1, 20000)).getMessage());
    assertEquals("-Dusers=many is invalid: expected an integer from 1 to 20000",
        assertThrows(InvalidPropertyException.class, () -> with("users", "many").integer("users", 2000, 1, 20000)).getMessage());
    assertEquals("-Dlifetime=2d is invalid: expected a duration from 1s to 1h (e.g. 90s, 3m, 250ms or plain seconds)",
        assertThrows(InvalidPropertyException.class, () -> with("lifetime", "2d")
            .duration("lifetime", Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofHours(1))).getMessage());
    assertEquals("-Dduration=99999999999999h is invalid: expected a duration from 1s to 168h (e.g. 90s, 3m, 250ms or plain seconds)",
        assertThrows(InvalidPropertyException.class, () -> with("duration", "99999999999999h")
            .duration("duration", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(7))).getMessage(),
        "a duration that overflows is an invalid value, not an ArithmeticException");
    assertEquals("-Dduration=99999999999999999999 is invalid: expected a duration from 1s to 168h (e.g. 90s, 3m, 250ms or plain seconds)",
        assertThrows(InvalidPropertyException.class, () -> with("duration", "99999999999999999999")
            .duration("duration", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(7))).getMessage());
    assertEquals("-Dtls=yes is invalid: expected true or false",
        assertThrows(InvalidPropertyException.class, () -> with("tls", "yes").bool("tls", true)).getMessage());
    assertEquals("-Dtolerance=101 is invalid: expected a number from 0.0 to 100.0",
        assertThrows(InvalidPropertyException.class, () -> with("tolerance", "101").decimal("tolerance", 0, 0, 100)).getMessage());
  }

  /** What gatling-maven-plugin's fork receives for each value typed on the mvn command line, and what is read. */
  @Test
  void valuesEscapedByTheGatlingPluginAreReadAsTyped() {
    assertEquals("{\"token\":\"abc\"}", PropertyReader.unescape("{\\\"token\\\":\\\"abc\\\"}"));
    assertEquals("Cookie: a=b; X-Tenant: t1", PropertyReader.unescape("Cookie: a=b; X-Tenant: t1"));
    assertEquals("it's a\\b \u00e9\ttab", PropertyReader.unescape("it\\'s a\\\\b \\u00e9\\ttab"));
    assertEquals("a \\u00zz", PropertyReader.unescape("a \\u00zz"), "not an escape: kept");
    assertEquals("end\\", PropertyReader.unescape("end\\"));

    Properties p = new Properties();
    p.setProperty("auth", "{\\\"token\\\":\\\"abc\\\"}");
    assertEquals("{\\\"token\\\":\\\"abc\\\"}", new PropertyReader(p).raw("auth"),
        "a value from anywhere else is taken as it is");
  }
}
