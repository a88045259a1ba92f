package server.faults;

import java.time.Duration;

/**
 * {@code refuse:D@T}: from T, for D, every websocket upgrade is answered 503: a server that is up but turns
 * connections away, as one still warming up after a deploy does.
 */
public record Refuse(String spec, Duration length, Duration at) implements TimedFault {

  static Refuse parse(String spec, String argument) {
    String[] parts = FaultPlan.splitAt(spec, argument);
    return new Refuse(spec, FaultPlan.time(spec, parts[0]), FaultPlan.time(spec, parts[1]));
  }

  @Override
  public void fire(FaultTarget target) {
    target.refuse(length);
  }
}
