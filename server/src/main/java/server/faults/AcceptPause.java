package server.faults;

import java.time.Duration;

/** {@code accept-pause:Ns@T}: from T the server stops accepting new connections for N, then accepts again. */
public record AcceptPause(String spec, Duration pause, Duration at) implements TimedFault {

  static AcceptPause parse(String spec, String argument) {
    String[] parts = FaultPlan.splitAt(spec, argument);
    return new AcceptPause(spec, FaultPlan.time(spec, parts[0]), FaultPlan.time(spec, parts[1]));
  }

  @Override
  public void fire(FaultTarget target) {
    target.pauseAccepting(pause);
  }
}
