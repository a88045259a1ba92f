package lab.timeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The timelines of several servers that share one load (one per port), as one {@code server-timeline.csv}: row
 * i of each, side by side (each sampler takes a row a second from the same start), summed column by column:
 * connections, drops, sockets, memory, CPU and files of the whole; the worst event-loop lag; and, taken once from
 * the first, the time and what the injector itself counts (its clients, its memory).
 */
public final class TimelineSum {

  private static final Set<String> FROM_THE_FIRST = Set.of("time", "elapsed_s", "held", "reconnect_attempts",
      "failed_connects", "injector_rss_bytes", "injector_heap_live_bytes");
  private static final Set<String> WORST = Set.of("event_loop_lag_ms");

  private TimelineSum() {}

  /** Writes {@code into} from {@code timelines} (the first is the one whose clients columns are filled). */
  public static void write(List<Path> timelines, Path into) throws IOException {
    List<List<String[]>> all = new ArrayList<>();
    for (Path t : timelines) {
      List<String[]> rows = new ArrayList<>();
      List<String> lines = Files.readAllLines(t, StandardCharsets.UTF_8);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        rows.add(line.split(",", -1));
      }
      all.add(rows);
    }
    List<String> names = TimelineColumns.names();
    int rows = all.stream().mapToInt(List::size).min().orElse(0);
    List<String> out = new ArrayList<>();
    out.add(TimelineColumns.header());
    for (int r = 0; r < rows; r++) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        String name = names.get(c);
        if (FROM_THE_FIRST.contains(name)) {
          cells.add(cell(all.get(0).get(r), c));
          continue;
        }
        Double combined = null;
        boolean decimal = false;
        for (List<String[]> timeline : all) {
          String v = cell(timeline.get(r), c);
          if (v.isEmpty()) {
            continue;
          }
          decimal |= v.contains(".");
          double d = Double.parseDouble(v);
          combined = combined == null ? d : WORST.contains(name) ? Math.max(combined, d) : combined + d;
        }
        cells.add(combined == null ? "" : decimal ? String.format(Locale.ROOT, "%.1f", combined)
            : Long.toString(Math.round(combined)));
      }
      out.add(String.join(",", cells));
    }
    Files.write(into, out, StandardCharsets.UTF_8);
  }

  private static String cell(String[] row, int c) {
    return c < row.length ? row[c] : "";
  }
}
