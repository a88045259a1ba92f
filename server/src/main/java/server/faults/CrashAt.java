package server.faults;

import java.time.Duration;

/** {@code crash-at:T}: at T the server process exits abruptly, saying goodbye to no one. */
public final class CrashAt implements TimedFault {

  private final String spec;
  private final Duration at;

  CrashAt(String spec, Duration at) {
    this.spec = spec;
    this.at = at;
  }

  static CrashAt parse(String spec, String argument) {
    return new CrashAt(spec, FaultPlan.time(spec, argument));
  }

  @Override
  public Duration at() {
    return at;
  }

  @Override
  public void fire(FaultTarget target) {
    target.crash();
  }

  @Override
  public String spec() {
    return spec;
  }
}
