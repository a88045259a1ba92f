package server.faults;

import java.time.Duration;

/**
 * {@code freeze:D@T}: at T every event loop is blocked for D, as a server stuck in a long synchronous call
 * would be: connections stay open but nothing is answered, not even the heartbeat.
 */
public final class Freeze implements TimedFault {

  private final String spec;
  private final Duration length;
  private final Duration at;

  Freeze(String spec, Duration length, Duration at) {
    this.spec = spec;
    this.length = length;
    this.at = at;
  }

  static Freeze parse(String spec, String argument) {
    String[] parts = FaultPlan.splitAt(spec, argument);
    return new Freeze(spec, FaultPlan.time(spec, parts[0]), FaultPlan.time(spec, parts[1]));
  }

  public Duration length() {
    return length;
  }

  @Override
  public Duration at() {
    return at;
  }

  @Override
  public void fire(FaultTarget target) {
    target.freeze(length);
  }

  @Override
  public String spec() {
    return spec;
  }
}
