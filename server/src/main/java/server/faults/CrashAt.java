package server.faults;

import java.time.Duration;

/** {@code crash-at:T}: at T the server process exits abruptly, saying goodbye to no one. */
public record CrashAt(String spec, Duration at) implements TimedFault {

  static CrashAt parse(String spec, String argument) {
    return new CrashAt(spec, FaultPlan.time(spec, argument));
  }

  @Override
  public void fire(FaultTarget target) {
    target.crash();
  }
}
