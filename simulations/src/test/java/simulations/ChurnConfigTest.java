package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import org.junit.jupiter.api.Test;

class ChurnConfigTest {

  private static ChurnConfig config(ChurnConfig.Defaults defaults, String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return ChurnConfig.from(new PropertyReader(p), defaults);
  }

  @Test
  void defaultsReproduceTheSeedAndRunTheLastBatchThroughTwoLifetimes() {
    ChurnConfig c = config(ChurnConfig.SEED);
    assertEquals(2000, c.users);
    assertEquals(4, c.batches);
    assertEquals(8000, c.targetConnections());
    assertEquals(Duration.ofMinutes(3), c.lifetime);
    assertEquals(Duration.ofSeconds(40), c.ping);
    assertEquals(Duration.ZERO, c.ramp);
    assertEquals(0.0, c.tolerancePercent);
    assertNull(c.target, "the embedded server");
    Duration lastBatchRuns = c.duration.minus(c.batchStart(c.batches - 1));
    assertTrue(lastBatchRuns.compareTo(c.lifetime.multipliedBy(2)) >= 0, "4th batch runs " + lastBatchRuns);
  }

  @Test
  void theSmokeProfileIsSmallAndShort() {
    ChurnConfig c = config(ChurnConfig.SMOKE);
    assertEquals(100, c.targetConnections());
    assertTrue(c.maxDuration().compareTo(Duration.ofMinutes(2)) < 0);
  }

  @Test
  void knobsAreReadWithTheirExactNames() {
    ChurnConfig c = config(ChurnConfig.SEED, "users", "10", "batches", "3", "lifetime", "90s", "ping", "5",
        "stagger", "1m", "duration", "5m", "ramp", "20s", "tolerance", "0.5", "target", "ws://127.0.0.1:3000");
    assertEquals(10, c.users);
    assertEquals(3, c.batches);
    assertEquals(Duration.ofSeconds(90), c.lifetime);
    assertEquals(Duration.ofSeconds(5), c.ping);
    assertEquals(Duration.ofMinutes(2), c.batchStart(2));
    assertEquals(Duration.ofMinutes(5), c.duration);
    assertEquals(Duration.ofSeconds(20), c.ramp);
    assertEquals(0.5, c.tolerancePercent);
    assertEquals(URI.create("ws://127.0.0.1:3000"), c.target);
  }

  @Test
  void impossibleProfilesFailFastNamingTheProperties() {
    assertEquals("-Dstagger=5m with -Dbatches=4 starts the last batch at 15m, after the run ends (-Dduration=10m): "
            + "shorten the stagger or lengthen the duration",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "stagger", "5m")).getMessage());
    assertEquals("-Dtarget=http://x:1: expected wss://host:port or ws://host:port",
        assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "target", "http://x:1")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config(ChurnConfig.SEED, "users", "0"))
        .getMessage().startsWith("-Dusers=0 is invalid"));
  }
}
