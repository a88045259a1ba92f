package server.faults;

import java.time.Duration;

/** {@code slow-ack:Nms}: every ack leaves the server N later than it would. */
public record SlowAck(String spec, Duration delay) implements Fault {

  static SlowAck parse(String spec, String argument) {
    return new SlowAck(spec, FaultPlan.time(spec, argument));
  }
}
