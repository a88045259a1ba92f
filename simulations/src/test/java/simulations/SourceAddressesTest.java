package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -Dsource.addresses: the connections leave from the given addresses in turn, as the kernel sees them (each
 * address has its own source ports toward one server: what lets one host hold more than ~28,000 toward it).
 */
class SourceAddressesTest {

  /** This host's established TCP sockets whose local address is {@code address}. */
  private static int establishedFrom(String address) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "src", address).redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ss.waitFor();
    return (int) out.lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void theConnectionsLeaveFromEachGivenAddressInTurn(@TempDir Path results) throws Exception {
    if (!new java.io.File("/usr/bin/ss").canExecute() && !new java.io.File("/bin/ss").canExecute()) {
      org.junit.jupiter.api.Assertions.fail("ss is needed (the kernel's view of the sockets): apt-get install iproute2");
    }
    GatlingRun.Running running = GatlingRun.start(SmokeSimulation.class, results, results.resolve("run.log"),
        Map.of("users", "10", "batches", "2", "stagger", "1s", "lifetime", "60s", "ping", "1s", "duration", "6s",
            "server.port", "0", "source.addresses", "127.0.0.2,127.0.0.3"));
    int fromTwo = 0;
    int fromThree = 0;
    while (running.process().isAlive()) {
      fromTwo = Math.max(fromTwo, establishedFrom("127.0.0.2"));
      fromThree = Math.max(fromThree, establishedFrom("127.0.0.3"));
      Thread.sleep(200);
    }
    GatlingRun.Result run = running.await(Duration.ofSeconds(90));

    assertEquals("PASS", run.summary().get("verdict").asText(), run.output());
    assertEquals(20, run.summary().at("/peakHeld/byServer").asLong());
    assertEquals(10, fromTwo, "half of the 20 from 127.0.0.2");
    assertEquals(10, fromThree, "half from 127.0.0.3");
    assertTrue(run.summary().at("/config/source.addresses").asText().startsWith("127.0.0.2, 127.0.0.3"));
  }
}
