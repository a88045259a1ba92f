package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineSumTest {

  /** A row with {@code values} in the named columns, empty elsewhere. */
  private static String row(Map<String, String> values) {
    List<String> cells = new ArrayList<>(Collections.nCopies(TimelineColumns.names().size(), ""));
    values.forEach((k, v) -> cells.set(TimelineColumns.names().indexOf(k), v));
    return String.join(",", cells);
  }

  private static Path timeline(Path dir, String name, String... rows) throws Exception {
    List<String> lines = new ArrayList<>(List.of(TimelineColumns.header()));
    lines.addAll(List.of(rows));
    return Files.write(dir.resolve(name), lines);
  }

  @Test
  void twoServersTimelinesAddUpButTheClientsTheTimeAndTheWorstLagAreTakenOnce(@TempDir Path dir) throws Exception {
    Path first = timeline(dir, "1.csv",
        row(Map.of("time", "1000", "elapsed_s", "0.1", "held", "20", "connected", "10", "server_close", "5",
            "rss_bytes", "100", "event_loop_lag_ms", "3.0", "injector_rss_bytes", "900")),
        row(Map.of("time", "2000", "elapsed_s", "1.1", "held", "20", "connected", "10", "server_close", "0")));
    Path second = timeline(dir, "2.csv",
        row(Map.of("time", "1010", "elapsed_s", "0.1", "connected", "10", "server_close", "0", "rss_bytes", "200",
            "event_loop_lag_ms", "7.5", "injector_rss_bytes", "900")),
        row(Map.of("time", "2010", "elapsed_s", "1.1", "connected", "9", "server_close", "1")),
        row(Map.of("time", "3010", "elapsed_s", "2.1", "connected", "9")));
    Path sum = dir.resolve("sum.csv");
    TimelineSum.write(List.of(first, second), sum);

    List<String> lines = Files.readAllLines(sum);
    assertEquals(TimelineColumns.header(), lines.get(0));
    assertEquals(3, lines.size(), "as many rows as the shorter timeline");
    List<String> names = TimelineColumns.names();
    String[] r0 = lines.get(1).split(",", -1);
    String[] r1 = lines.get(2).split(",", -1);
    assertEquals("1000", r0[names.indexOf("time")]);
    assertEquals("20", r0[names.indexOf("held")], "the clients are counted once");
    assertEquals("20", r0[names.indexOf("connected")]);
    assertEquals("19", r1[names.indexOf("connected")]);
    assertEquals("5", r0[names.indexOf("server_close")]);
    assertEquals("1", r1[names.indexOf("server_close")]);
    assertEquals("300", r0[names.indexOf("rss_bytes")]);
    assertEquals("7.5", r0[names.indexOf("event_loop_lag_ms")], "the worst, not a sum");
    assertEquals("900", r0[names.indexOf("injector_rss_bytes")], "one injector");
    assertEquals("", r1[names.indexOf("rss_bytes")], "unknown in both stays unknown");
  }

  @Test
  void theSidesOfTwoServersAddUpAndAnUnknownCountStaysUnknown() {
    ServerSide a = new ServerSide(true, 30L, Map.of("client-left", 20L, "server-close", 5L), Map.of(), Map.of(), 10, 10,
        List.of(), List.of(), new TimelineStats.Peak(3, 1), -1, 20_000, new TimelineStats.Peak(40, 1), null);
    ServerSide b = new ServerSide(true, 25L, Map.of("client-left", 20L, "server-close", 0L), Map.of(), Map.of(), 10, 11,
        List.of(new TimelineStats.Restart(5)), List.of(), new TimelineStats.Peak(9, 2), 7000, 20_000, null, null);
    ServerSide both = a.plus(b);
    assertEquals(55, both.connects());
    assertEquals(5, both.drops());
    assertEquals(20, both.peakConnected());
    assertEquals(21, both.peakEstablished());
    assertEquals(9, both.maxLag().value());
    assertEquals(7000, both.processGoneAt(), "the first death");
    assertEquals(1, both.restarts().size());
    ServerSide silent = new ServerSide(false, null, null, null, null, -1, -1, List.of(), List.of(), null, -1, -1, null, null);
    assertNull(a.plus(silent).connects());
    assertNull(a.plus(silent).drops(), "not 5: one server's drops are not all of them");
    assertEquals(-1, a.plus(silent).peakConnected());
  }
}
