package server.faults;

import java.time.Duration;

/**
 * {@code freeze:D@T}: at T every event loop is blocked for D, as a server stuck in a long synchronous call
 * would be: connections stay open but nothing is answered, not even the heartbeat.
 */
public record Freeze(String spec, Duration length, Duration at) implements TimedFault {

  static Freeze parse(String spec, String argument) {
    String[] parts = FaultPlan.splitAt(spec, argument);
    return new Freeze(spec, FaultPlan.time(spec, parts[0]), FaultPlan.time(spec, parts[1]));
  }

  @Override
  public void fire(FaultTarget target) {
    target.freeze(length);
  }
}
