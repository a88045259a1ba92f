package server.faults;

import java.time.Duration;

/** A fault that acts once, at {@link #at()} after the server started. */
public interface TimedFault extends Fault {

  Duration at();

  void fire(FaultTarget target);
}
