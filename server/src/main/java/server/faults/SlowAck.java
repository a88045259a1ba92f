package server.faults;

import java.time.Duration;

/** {@code slow-ack:Nms}: every ack leaves the server N later than it would. */
public final class SlowAck implements Fault {

  private final String spec;
  private final Duration delay;

  SlowAck(String spec, Duration delay) {
    this.spec = spec;
    this.delay = delay;
  }

  static SlowAck parse(String spec, String argument) {
    return new SlowAck(spec, FaultPlan.time(spec, argument));
  }

  public Duration delay() {
    return delay;
  }

  @Override
  public String spec() {
    return spec;
  }
}
