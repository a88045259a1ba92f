package server.faults;

import java.time.Duration;

/** What the timed faults may do to the running server. */
public interface FaultTarget {

  /** Disconnects {@code count} connections chosen at random, marked as closed by the server; returns how many. */
  int kick(int count);

  int connected();

  /** Stops accepting new connections for {@code pause}, then accepts again. */
  void pauseAccepting(Duration pause);

  /** Answers every websocket upgrade with 503 for {@code length}. */
  void refuse(Duration length);

  /** Blocks every event loop for {@code length}: nothing is answered meanwhile. */
  void freeze(Duration length);

  /** Ends the process at once: no close frame, no 41, no shutdown hook. */
  void crash();
}
