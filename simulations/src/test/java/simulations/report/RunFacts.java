package simulations.report;

import java.time.Duration;
import java.util.Map;

/**
 * What the report knows of a run before looking at its results.
 *
 * @param target             the server's URL as the load saw it
 * @param startedAt          when the harness started (before the server), epoch ms
 * @param loadStartedAt      when the load started (after the server was up); -1 if it never did
 * @param loadEndsAt         when every connection was to leave; -1 if the load never started
 * @param plannedConnections connections held at once once every batch runs
 * @param tolerancePercent   the share of lifetimes that may end badly, and of the peak that may be missing
 * @param ackTimeout         how long the clients wait for an answer: a server silent for longer stopped answering
 * @param serverLocal        the server runs on this host (its port and process can be watched)
 * @param pidKnown           its process is watched (the embedded server, or -Dtarget.pid)
 * @param config             the knobs, as printed at start
 */
public record RunFacts(String simulation, String target, long startedAt, long loadStartedAt, long loadEndsAt,
    int plannedConnections, double tolerancePercent, Duration ackTimeout, boolean serverLocal, boolean pidKnown,
    Map<String, String> config) {

  /** Seconds into the run (since the load started, or the harness if it never did) of an epoch-ms instant. */
  public long secondsIn(long epochMillis) {
    return (epochMillis - (loadStartedAt > 0 ? loadStartedAt : startedAt)) / 1000;
  }
}
