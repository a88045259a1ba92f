package server.faults;

import java.time.Duration;

/** {@code accept-pause:Ns@T}: from T, the server stops accepting new connections for N. */
public final class AcceptPause implements TimedFault {

  private final String spec;
  private final Duration pause;
  private final Duration at;

  AcceptPause(String spec, Duration pause, Duration at) {
    this.spec = spec;
    this.pause = pause;
    this.at = at;
  }

  static AcceptPause parse(String spec, String argument) {
    String[] parts = FaultPlan.splitAt(spec, argument);
    return new AcceptPause(spec, FaultPlan.time(spec, parts[0]), FaultPlan.time(spec, parts[1]));
  }

  public Duration pause() {
    return pause;
  }

  @Override
  public Duration at() {
    return at;
  }

  @Override
  public void fire(FaultTarget target) {
    target.pauseAccepting(pause);
  }

  @Override
  public String spec() {
    return spec;
  }
}
