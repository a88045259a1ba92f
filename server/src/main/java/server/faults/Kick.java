package server.faults;

import java.time.Duration;

/** {@code kick:K@T} or {@code kick:P%@T}: at T the server disconnects K connections (or P percent of them). */
public final class Kick implements TimedFault {

  private final String spec;
  private final Duration at;
  private final int count;
  private final double percent;

  Kick(String spec, Duration at, int count, double percent) {
    this.spec = spec;
    this.at = at;
    this.count = count;
    this.percent = percent;
  }

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
  public Duration at() {
    return at;
  }

  @Override
  public void fire(FaultTarget target) {
    target.kick(countOf(target.connected()));
  }

  @Override
  public String spec() {
    return spec;
  }
}
