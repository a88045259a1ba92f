package lab.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lab.config.PropertyReader;

/**
 * The fault {@code restart-at:T[:downtime]} of -Dfault: at T (from the server's start) its process is killed,
 * as abruptly as {@code crash-at}, and a new one listens on the same port {@code downtime} later (0 by default).
 * A server cannot restart itself: whoever launched it does (the run for the embedded server, the comparison for
 * the Node reference), so the plan is taken out of -Dfault before the server sees it.
 */
public record RestartPlan(Duration at, Duration downtime) {

  public static final String MODE = "restart-at:";

  /** The restart in {@code faults} (the value of -Dfault), or empty; throws naming the bad part. */
  public static Optional<RestartPlan> of(String faults) {
    if (faults == null) {
      return Optional.empty();
    }
    RestartPlan found = null;
    for (String spec : faults.split(",")) {
      spec = spec.trim();
      if (!spec.startsWith(MODE)) {
        continue;
      }
      if (found != null) {
        throw new IllegalArgumentException("'" + spec + "': one restart-at per run");
      }
      String[] parts = spec.substring(MODE.length()).split(":");
      Duration at = parts.length > 0 ? PropertyReader.parseDuration(parts[0]) : null;
      Duration downtime = parts.length > 1 ? PropertyReader.parseDuration(parts[1]) : Duration.ZERO;
      if (at == null || downtime == null || parts.length > 2) {
        throw new IllegalArgumentException("'" + spec + "': expected restart-at:T or restart-at:T:downtime, e.g."
            + " restart-at:60s:5s");
      }
      found = new RestartPlan(at, downtime);
    }
    return Optional.ofNullable(found);
  }

  /** -Dfault without its restart, for the server itself; null when nothing is left. */
  public static String without(String faults) {
    if (faults == null) {
      return null;
    }
    List<String> rest = new ArrayList<>();
    for (String spec : faults.split(",")) {
      if (!spec.trim().isEmpty() && !spec.trim().startsWith(MODE)) {
        rest.add(spec.trim());
      }
    }
    return rest.isEmpty() ? null : String.join(",", rest);
  }
}
