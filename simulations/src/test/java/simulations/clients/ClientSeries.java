package simulations.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients' counts ten times a second: the grain on which a recovery is measured (how long until half, 95 %
 * and all of the lost connections are back), finer than the server timeline's second. Bounded: after
 * {@link #MAX_POINTS} (28 hours) it stops growing.
 */
public final class ClientSeries {

  /** One reading: when, the connections held, and the running totals of what happened to them. */
  public record Point(long time, long held, long joined, long reconnectAttempts, long failedReconnects, long drops,
      long failedConnects) {

    public static Point of(ClientTally tally, long now) {
      return new Point(now, tally.held(), tally.joinedSoFar(), tally.reconnectAttempts(), tally.failedReconnects(),
          tally.drops(), tally.failedConnects());
    }

    /** These counts and {@code other}'s (another injector's), at this point's time. */
    public Point plus(Point other) {
      return new Point(time, held + other.held, joined + other.joined, reconnectAttempts + other.reconnectAttempts,
          failedReconnects + other.failedReconnects, drops + other.drops, failedConnects + other.failedConnects);
    }
  }

  public static final long PERIOD_MILLIS = 100;
  static final int MAX_POINTS = 1_000_000;

  private final List<Point> points = new ArrayList<>();

  /** Keeps one reading (bounded: past {@link #MAX_POINTS}, no more). */
  public synchronized void add(Point point) {
    if (points.size() < MAX_POINTS) {
      points.add(point);
    }
  }

  public synchronized List<Point> points() {
    return List.copyOf(points);
  }

  /** The file a shard's run leaves its series in, for the merge of the shards ({@code ShardMerge}). */
  public static final String CSV = "client-series.csv";
  static final String HEADER = "time,held,joined,reconnect_attempts,failed_reconnects,drops,failed_connects";

  public static void write(Path file, List<Point> points) throws IOException {
    List<String> lines = new ArrayList<>(points.size() + 1);
    lines.add(HEADER);
    for (Point p : points) {
      lines.add(p.time() + "," + p.held() + "," + p.joined() + "," + p.reconnectAttempts() + ","
          + p.failedReconnects() + "," + p.drops() + "," + p.failedConnects());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  public static List<Point> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + ": not a clients' series (its first line is not " + HEADER + ")");
    }
    List<Point> points = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",");
      try {
        points.add(new Point(Long.parseLong(c[0]), Long.parseLong(c[1]), Long.parseLong(c[2]), Long.parseLong(c[3]),
            Long.parseLong(c[4]), Long.parseLong(c[5]), Long.parseLong(c[6])));
      } catch (RuntimeException e) {
        throw new IOException(file + ": line " + (i + 1) + " is not 7 numbers: " + lines.get(i), e);
      }
    }
    return points;
  }

  /**
   * Several injectors' series as one, on a grid of {@link #PERIOD_MILLIS} from the first reading to the last (and at the last): at
   * each instant, every injector's last reading before it added up (none yet: nothing of it).
   */
  public static List<Point> sum(List<List<Point>> each) {
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (List<Point> s : each) {
      if (!s.isEmpty()) {
        from = Math.min(from, s.get(0).time());
        to = Math.max(to, s.get(s.size() - 1).time());
      }
    }
    List<Point> sum = new ArrayList<>();
    int[] next = new int[each.size()];
    long t = from;
    while (from <= to && sum.size() < MAX_POINTS) {
      Point at = new Point(t, 0, 0, 0, 0, 0, 0);
      for (int i = 0; i < each.size(); i++) {
        List<Point> s = each.get(i);
        while (next[i] < s.size() && s.get(next[i]).time() <= t) {
          next[i]++;
        }
        if (next[i] > 0) {
          at = at.plus(s.get(next[i] - 1));
        }
      }
      sum.add(at);
      if (t == to) {
        break;
      }
      t = Math.min(t + PERIOD_MILLIS, to); // the last reading too, off the grid
    }
    return sum;
  }
}
