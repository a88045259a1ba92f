package simulations.clients;

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
      long failedConnects) {}

  public static final long PERIOD_MILLIS = 100;
  static final int MAX_POINTS = 1_000_000;

  private final List<Point> points = new ArrayList<>();

  /** Takes one reading of {@code tally} at {@code now}. */
  public synchronized void sample(ClientTally tally, long now) {
    if (points.size() < MAX_POINTS) {
      points.add(new Point(now, tally.held(), tally.joinedSoFar(), tally.reconnectAttempts(), tally.failedReconnects(),
          tally.drops(), tally.failedConnects()));
    }
  }

  /** For tests and for series read back from elsewhere. */
  public synchronized void add(Point point) {
    points.add(point);
  }

  public synchronized List<Point> points() {
    return List.copyOf(points);
  }
}
