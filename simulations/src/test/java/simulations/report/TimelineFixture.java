package simulations.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import lab.timeline.TimelineColumns;

/**
 * A believable two-minute server-timeline.csv for the page tests: two batches of 1000 connections ramping up,
 * a burst of ping timeouts while the event loop lags, a few other drops, then the clients leaving.
 */
final class TimelineFixture {

  static final long START = 1_795_787_100_000L;
  static final int ROWS = 120;
  static final List<PageInput.Mark> MARKS =
      List.of(new PageInput.Mark("batch 1", START + 10_000), new PageInput.Mark("batch 2", START + 60_000));
  static final String HEADER = TimelineColumns.header();
  /** What a server without /proc cannot sample. */
  static final Set<String> PROC_COLUMNS = Set.of("tcp_established", "tcp_close_wait", "tcp_time_wait",
      "tcp_syn_recv", "perfmon_established", "rss_bytes", "open_fds", "injector_rss_bytes");

  private TimelineFixture() {}

  static void write(Path runDir, boolean withProc) throws IOException {
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve(ServerPage.TIMELINE_CSV), csv(withProc));
  }

  static String csv(boolean withProc) {
    List<String> names = List.of(HEADER.split(","));
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    int connected = 0;
    for (int s = 0; s < ROWS; s++) {
      int connects = (s >= 10 && s < 30) || (s >= 60 && s < 80) ? 50 : 0;
      int clientLeft = s >= 105 ? 120 : 0;
      int transportClose = s == 40 ? 3 : 0;
      int pingTimeout = s >= 90 && s < 96 ? 20 : 0;
      int serverClose = s == 100 ? 1 : 0;
      connected = Math.max(0, connected + connects - clientLeft - transportClose - pingTimeout - serverClose);
      int closeWait = pingTimeout > 0 ? 15 : 2;
      long lag = s >= 88 && s < 96 ? 1500 + 200L * (s - 88) : 3 + s % 4;
      Object[] row = {
          START + s * 1000L, s + ".0" + s % 10, Math.max(0, connected - 2), 0, s == 50 ? 3 : 0, connected, connects, clientLeft,
          transportClose, pingTimeout, serverClose, 0, s == 65 ? 2 : 0, s == 70 ? 4 : 0, connected, closeWait,
          4 * clientLeft + 30, connects / 10,
          connected + closeWait, (300L + connected / 10) << 20, (80L + (s % 20) * 6) << 20, (40L + connected / 50) << 20,
          (16L + connected / 100) << 20, s % 20 == 19 ? 45 : 0, (12 + connects) + "." + s % 10, 38 + connects / 25,
          connected + closeWait + 35, lag, (200L + connected / 20) << 20, (90L + connected / 100) << 20};
      for (int c = 0; c < row.length; c++) {
        boolean sampled = withProc || !PROC_COLUMNS.contains(names.get(c));
        out.append(c == 0 ? "" : ",").append(sampled ? row[c] : "");
      }
      out.append('\n');
    }
    return out.toString();
  }
}
