package lab.timeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one process on this host may hold: its open files ({@code ulimit -n}: one per connection) and the source
 * ports one address has toward one server ({@code ip_local_port_range}). -1 where this host does not say (not
 * Linux).
 */
public record HostLimits(long openFiles, long ephemeralPorts) {

  /** Files a Gatling JVM keeps open besides its connections: its jars, epoll, pipes, logs (156 in a run of 20). */
  public static final int FILES_BESIDES_CONNECTIONS = 300;

  public static HostLimits ofThisProcess() {
    Path proc = Path.of("/proc");
    return new HostLimits(ProcessStats.openFileLimit(proc, ProcessHandle.current().pid()),
        ephemeralPorts(proc.resolve("sys/net/ipv4/ip_local_port_range")));
  }

  /** How many connections to one server one process of this host can hold at once; -1 when unknown. */
  public long connections() {
    long byFiles = openFiles < 0 ? Long.MAX_VALUE : openFiles - FILES_BESIDES_CONNECTIONS;
    long byPorts = ephemeralPorts < 0 ? Long.MAX_VALUE : ephemeralPorts;
    long fits = Math.min(byFiles, byPorts);
    return fits == Long.MAX_VALUE ? -1 : Math.max(0, fits);
  }

  /** Whether the open files, rather than the source ports, are what {@link #connections()} runs into. */
  public boolean filesFirst() {
    return openFiles >= 0 && (ephemeralPorts < 0 || openFiles - FILES_BESIDES_CONNECTIONS <= ephemeralPorts);
  }

  /**
   * "32768\t60999": both ends included. Read in one call: a sysctl file answers only a read from its start, and
   * Files.readString, which probes a file that says it is empty one byte at a time, gets "3" of it.
   */
  private static long ephemeralPorts(Path range) {
    try (BufferedReader in = Files.newBufferedReader(range)) {
      String[] ends = in.readLine().trim().split("\\s+");
      return Long.parseLong(ends[1]) - Long.parseLong(ends[0]) + 1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
