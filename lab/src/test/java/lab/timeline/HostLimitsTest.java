package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** This host's limits as the run's checks read them, against what the kernel says through another reader. */
class HostLimitsTest {

  @Test
  void theSourcePortsAreThoseOfThisHostsEphemeralRange() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    assumeTrue(Files.exists(range), "Linux only");
    Process cat = new ProcessBuilder("cat", range.toString()).start();
    String[] ends = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
    cat.waitFor();

    assertEquals(Long.parseLong(ends[1]) - Long.parseLong(ends[0]) + 1, HostLimits.ofThisProcess().ephemeralPorts());
  }

  @Test
  void theOpenFilesAreThisProcesssLimit() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/self/limits")), "Linux only");
    Process sh = new ProcessBuilder("sh", "-c", "ulimit -n").start();
    String limit = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    sh.waitFor();

    assertEquals(Long.parseLong(limit), HostLimits.ofThisProcess().openFiles(), "a child's soft limit is its parent's");
  }
}
