package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The server's side of a run, as its timeline saw it, for the verdict: every figure is this run's, and one the
 * timeline could not see is null (or -1 for a peak), never 0.
 *
 * @param statusAnswered  the server answered /status (or wrote its status file) at least once
 * @param connects        connections it opened during the run; null without counters
 * @param disconnects     its disconnects during the run by reason (client-left and the drops); null without counters
 * @param handshakeFailures connections that failed at TLS or websocket, by stage; null without counters
 * @param acceptFailures  failed accepts by error (EMFILE...); null when it does not count them
 * @param peakConnected   the most connections it held (its own gauge); -1 when it never said
 * @param peakEstablished the most ESTABLISHED sockets on its port; -1 without a view of the port
 * @param restarts        when another process (or a reset of its counters) answered
 * @param silences        stretches in which a server that had answered /status did not, while alive
 * @param maxLag          the worst event-loop lag it reported, and when; null when it reports none
 * @param processGoneAt   when its process was first seen gone; -1 if it lived (or is not watched)
 * @param openFileLimit   its process's open-file limit; -1 when unknown
 * @param peakOpenFds     the most files its process had open, and when; null when unknown
 * @param lastStatus      its last answer to /status; null if none
 */
public record ServerSide(boolean statusAnswered, Long connects, Map<String, Long> disconnects,
    Map<String, Long> handshakeFailures, Map<String, Long> acceptFailures, long peakConnected, long peakEstablished,
    List<TimelineStats.Restart> restarts, List<TimelineStats.Silence> silences, TimelineStats.Peak maxLag,
    long processGoneAt, long openFileLimit, TimelineStats.Peak peakOpenFds, JsonNode lastStatus) {

  /** Nothing seen at all: the timeline never ran (the run ended before it started). */
  public static ServerSide unseen() {
    return new ServerSide(false, null, null, null, null, -1, -1, List.of(), List.of(), null, -1, -1, null, null);
  }

  /** Its drops during the run: every disconnect but a client leaving; null without counters. */
  public Long drops() {
    if (disconnects == null) {
      return null;
    }
    return disconnects.entrySet().stream().filter(e -> !e.getKey().equals("client-left"))
        .mapToLong(Map.Entry::getValue).sum();
  }
}
