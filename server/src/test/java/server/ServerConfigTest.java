package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  private static ServerConfig config(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return ServerConfig.from(new PropertyReader(p));
  }

  @Test
  void defaultsPlayTheSeedsServer() {
    ServerConfig c = config();
    assertEquals("127.0.0.1", c.host);
    assertEquals(9010, c.port);
    assertTrue(c.tls);
    assertNull(c.keystore);
    assertEquals(Duration.ofSeconds(25), c.pingInterval);
    assertEquals(Duration.ofSeconds(20), c.pingTimeout);
    assertFalse(c.compression);
    assertTrue(c.faults.isEmpty());
    assertEquals("wss", c.scheme());
  }

  @Test
  void oneEventLoopPerCoreUnlessTold() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores, config().workerThreads);
    assertEquals(cores + " (one per core)", config().describe().get("server.workerThreads"));
    assertEquals(3, config("server.workerThreads", "3").workerThreads);
    assertEquals("3", config("server.workerThreads", "3").describe().get("server.workerThreads"));
  }

  @Test
  void everyKnobButThePasswordIsPrintedInTheHeader() {
    assertEquals(List.of("server.host", "server.port", "server.tls", "server.keystore", "server.pingInterval",
        "server.pingTimeout", "server.compression", "server.workerThreads", "server.acceptBacklog",
        "server.maxFramePayload", "server.maxAttachments", "server.maxHttpBufferSize", "server.maxOutboundBytes",
        "server.firstDataTimeout", "server.tlsHandshakeTimeout", "server.epoll",
        "server.tlsProvider", "server.tlsBioBuffer", "server.statusFile", "fault"),
        List.copyOf(config().describe().keySet()));
    assertEquals("9011", config("server.port", "9011").describe().get("server.port"));
  }

  @Test
  void invalidValuesFailFastNamingThePropertyAndRange() {
    assertEquals("-Dserver.port=70000 is invalid: expected an integer from 0 to 65535",
        assertThrows(InvalidPropertyException.class, () -> config("server.port", "70000")).getMessage());
    assertEquals("-Dserver.pingInterval=0 is invalid: expected a duration from 100ms to 10m (e.g. 90s, 3m, 250ms or plain seconds)",
        assertThrows(InvalidPropertyException.class, () -> config("server.pingInterval", "0")).getMessage());
    assertEquals("-Dserver.tlsBioBuffer=128 is invalid: expected an integer from 256 to 65536",
        assertThrows(InvalidPropertyException.class, () -> config("server.tlsBioBuffer", "128")).getMessage());
    assertEquals("-Dserver.maxOutboundBytes=1000 is invalid: expected an integer from 65536 to 1073741824",
        assertThrows(InvalidPropertyException.class, () -> config("server.maxOutboundBytes", "1000")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config("server.keystore", "/nonexistent.p12"))
        .getMessage().startsWith("-Dserver.keystore=/nonexistent.p12 is invalid"));
    assertEquals("-Dserver.host=::1: IPv6 addresses are not supported: expected an IPv4 address or a host name",
        assertThrows(InvalidPropertyException.class, () -> config("server.host", "::1")).getMessage());
    assertTrue(assertThrows(InvalidPropertyException.class, () -> config("fault", "explode:now"))
        .getMessage().startsWith("-Dfault=explode:now: unknown fault mode 'explode'"));
  }
}
