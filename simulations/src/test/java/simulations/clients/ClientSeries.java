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
}
