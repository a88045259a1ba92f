package lab.timeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Counts the server-side sockets of one local port by TCP state, from Linux's {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}: the stand-in for Windows perfmon's TCP counters. It runs once a second over up to
 * 20,000 sockets, so it streams each table and scans every row by hand, with no regex and no split.
 * Sockets whose remote port is the port are the clients' ends and are not counted.
 */
public final class ProcNetTcp {

  private static final Path PROC = Path.of("/proc");

  private ProcNetTcp() {}

  /** Whether this host has the tables at all (not on macOS or Windows). */
  public static boolean available() {
    return Files.isReadable(PROC.resolve("net/tcp"));
  }

  public static Optional<PortCounts> read(int port) {
    return read(PROC, port);
  }

  /**
   * The counts over {@code net/tcp} and {@code net/tcp6} under {@code procRoot}; empty if {@code net/tcp} is
   * missing or unreadable. A missing {@code net/tcp6} just means IPv6 is off.
   */
  public static Optional<PortCounts> read(Path procRoot, int port) {
    Tally tally = new Tally(port);
    Path tcp6 = procRoot.resolve("net/tcp6");
    try {
      tally.addRows(procRoot.resolve("net/tcp"));
      if (Files.exists(tcp6)) {
        tally.addRows(tcp6);
      }
    } catch (IOException e) {
      return Optional.empty(); // "unknown" rather than a partial count
    }
    return Optional.of(tally.counts());
  }

  /** The counts over rows of either table; the header and malformed rows are skipped. */
  public static PortCounts parse(Iterable<String> lines, int port) {
    Tally tally = new Tally(port);
    for (String line : lines) {
      tally.add(line);
    }
    return tally.counts();
  }

  /** This reader as a {@link PortCountReader}. */
  public static PortCountReader reader() {
    return new PortCountReader() {
      @Override
      public Optional<PortCounts> read(int port) {
        return ProcNetTcp.read(port);
      }

      @Override
      public String name() {
        return "/proc/net/tcp";
      }
    };
  }

  private static final class Tally {
    private final int port;
    private final PortTally states = new PortTally();

    Tally(int port) {
      this.port = port;
    }

    void addRows(Path table) throws IOException {
      // The tables are ASCII: Latin-1 decodes them without a decoder's validity checks.
      try (BufferedReader in = Files.newBufferedReader(table, StandardCharsets.ISO_8859_1)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          add(line);
        }
      }
    }

    /**
     * One row, {@code "   3: 0100007F:2332 0100007F:C350 01 ..."}: slot, local address:port, remote
     * address:port, state, all in hex. The header row has no hex port, so it fails like any malformed row.
     */
    void add(String row) {
      int local = skipSpaces(row, endOfToken(row, skipSpaces(row, 0)));
      int localEnd = endOfToken(row, local);
      int state = skipSpaces(row, endOfToken(row, skipSpaces(row, localEnd)));
      int stateEnd = endOfToken(row, state);
      int colon = row.lastIndexOf(':', localEnd - 1);
      if (colon < local || hex(row, colon + 1, localEnd) != port || stateEnd - state != 2) {
        return;
      }
      int value = hex(row, state, stateEnd);
      if (value >= 0) { // not hex: a malformed row
        states.add(value);
      }
    }

    PortCounts counts() {
      return states.counts();
    }
  }

  private static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static int endOfToken(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) != ' ') {
      i++;
    }
    return i;
  }

  /** The value of the 1 to 4 hex digits in {@code s[from, to)}, or -1 if that is not what is there. */
  private static int hex(String s, int from, int to) {
    if (to <= from || to - from > 4) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }
}
