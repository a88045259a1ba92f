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

  /**
   * The sides of several servers that share one load (one port each) as one: counts added up (unknown if one
   * does not tell), peaks added up (each holds its share at once), the worst lag and the first death; a restart
   * or a silence of any one of them is the whole's.
   */
  public ServerSide plus(ServerSide o) {
    List<TimelineStats.Restart> allRestarts = new java.util.ArrayList<>(restarts);
    allRestarts.addAll(o.restarts);
    List<TimelineStats.Silence> allSilences = new java.util.ArrayList<>(silences);
    allSilences.addAll(o.silences);
    return new ServerSide(statusAnswered && o.statusAnswered, connects == null || o.connects == null ? null
        : connects + o.connects, plus(disconnects, o.disconnects), plus(handshakeFailures, o.handshakeFailures),
        plus(acceptFailures, o.acceptFailures), peakConnected < 0 || o.peakConnected < 0 ? -1
            : peakConnected + o.peakConnected, peakEstablished < 0 || o.peakEstablished < 0 ? -1
            : peakEstablished + o.peakEstablished, List.copyOf(allRestarts), List.copyOf(allSilences),
        worse(maxLag, o.maxLag), processGoneAt <= 0 ? o.processGoneAt : o.processGoneAt <= 0 ? processGoneAt
            : Math.min(processGoneAt, o.processGoneAt), openFileLimit < 0 ? o.openFileLimit : o.openFileLimit < 0
            ? openFileLimit : Math.min(openFileLimit, o.openFileLimit), worse(peakOpenFds, o.peakOpenFds),
        lastStatus != null ? lastStatus : o.lastStatus);
  }

  private static Map<String, Long> plus(Map<String, Long> a, Map<String, Long> b) {
    if (a == null || b == null) {
      return null;
    }
    Map<String, Long> m = new java.util.LinkedHashMap<>(a);
    b.forEach((k, v) -> m.merge(k, v, Long::sum));
    return m;
  }

  private static TimelineStats.Peak worse(TimelineStats.Peak a, TimelineStats.Peak b) {
    return a == null ? b : b == null || a.value() >= b.value() ? a : b;
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
