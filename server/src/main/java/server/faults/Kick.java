package server.faults;

import java.time.Duration;

/**
 * {@code kick:K@T} or {@code kick:P%@T}: at T the server disconnects K connections (or P percent of them).
 *
 * @param count   K, or -1 when given as a percentage
 * @param percent P, or -1 when given as a count
 */
public record Kick(String spec, Duration at, int count, double percent) implements TimedFault {

  static Kick parse(String spec, String argument) {
    String[] parts = FaultPlan.splitAt(spec, argument);
    Duration at = FaultPlan.time(spec, parts[1]);
    String amount = parts[0];
    if (amount.endsWith("%")) {
      double pct = FaultPlan.number(spec, amount.substring(0, amount.length() - 1), 0.0, 100.0);
      return new Kick(spec, at, -1, pct);
    }
    return new Kick(spec, at, (int) FaultPlan.number(spec, amount, 1, 1_000_000), -1);
  }

  /** How many of {@code connected} connections this kick takes. */
  public int countOf(int connected) {
    return count >= 0 ? Math.min(count, connected) : (int) Math.round(connected * percent / 100.0);
  }

  @Override
  public void fire(FaultTarget target) {
    target.kick(countOf(target.connected()));
  }
}
