package server.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import lab.config.PropertyReader;

/**
 * The faults chosen with {@code -Dfault=<mode>[,<mode>...]}; none by default. Times count from the server's start.
 * <pre>
 *   kick:K@T | kick:P%@T      at T disconnect K connections (or P percent)
 *   stall-on-disconnect:Nms    each disconnect blocks its event loop for N
 *   accept-pause:Ns@T          stop accepting new connections for N from T
 *   slow-ack:Nms               delay every ack by N
 *   freeze:D@T                 block every event loop for D from T
 *   refuse:D@T                 answer websocket upgrades 503 for D from T
 *   crash-at:T                 exit abruptly at T
 *   leak:SIZE                  keep SIZE bytes per connection, never freed
 * </pre>
 */
public final class FaultPlan {

  public static final String MODES = "kick:K@T, kick:P%@T, stall-on-disconnect:Nms, accept-pause:Ns@T, slow-ack:Nms, freeze:D@T, refuse:D@T, crash-at:T, leak:SIZE (and restart-at:T[:downtime], which the run carries out)";

  private final List<Fault> faults;

  private FaultPlan(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  public static FaultPlan none() {
    return new FaultPlan(List.of());
  }

  /** Parses the value of -Dfault; throws IllegalArgumentException naming the bad part and the allowed forms. */
  public static FaultPlan parse(String value) {
    List<Fault> faults = new ArrayList<>();
    for (String spec : value.split(",")) {
      spec = spec.trim();
      if (spec.isEmpty() || spec.equals("none")) {
        continue;
      }
      int colon = spec.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("'" + spec + "' is not a fault; expected one of " + MODES);
      }
      String mode = spec.substring(0, colon);
      String argument = spec.substring(colon + 1);
      switch (mode) {
        case "kick":
          faults.add(Kick.parse(spec, argument));
          break;
        case "stall-on-disconnect":
          faults.add(StallOnDisconnect.parse(spec, argument));
          break;
        case "accept-pause":
          faults.add(AcceptPause.parse(spec, argument));
          break;
        case "slow-ack":
          faults.add(SlowAck.parse(spec, argument));
          break;
        case "freeze":
          faults.add(Freeze.parse(spec, argument));
          break;
        case "refuse":
          faults.add(Refuse.parse(spec, argument));
          break;
        case "restart-at":
          throw new IllegalArgumentException("'" + spec + "': a server cannot restart itself; restart-at is carried"
              + " out by what started it (mvn gatling:test, compare/run.sh)");
        case "crash-at":
          faults.add(CrashAt.parse(spec, argument));
          break;
        case "leak":
          faults.add(LeakPerConnection.parse(spec, argument));
          break;
        default:
          throw new IllegalArgumentException("unknown fault mode '" + mode + "'; expected one of " + MODES);
      }
    }
    return new FaultPlan(faults);
  }

  public boolean isEmpty() {
    return faults.isEmpty();
  }

  public List<TimedFault> timed() {
    return faults.stream().filter(f -> f instanceof TimedFault).map(f -> (TimedFault) f).collect(Collectors.toList());
  }

  public Optional<StallOnDisconnect> stallOnDisconnect() {
    return first(StallOnDisconnect.class);
  }

  public Optional<LeakPerConnection> leakPerConnection() {
    return first(LeakPerConnection.class);
  }

  public Optional<SlowAck> slowAck() {
    return first(SlowAck.class);
  }

  private <T extends Fault> Optional<T> first(Class<T> type) {
    return faults.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  @Override
  public String toString() {
    return faults.isEmpty() ? "none" : faults.stream().map(Fault::spec).collect(Collectors.joining(","));
  }

  static String[] splitAt(String spec, String argument) {
    int at = argument.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("'" + spec + "' needs a time: <value>@<time>, e.g. kick:100@30s");
    }
    return new String[] {argument.substring(0, at).trim(), argument.substring(at + 1).trim()};
  }

  static Duration time(String spec, String text) {
    Duration d = PropertyReader.parseDuration(text);
    if (d == null) {
      throw new IllegalArgumentException("'" + text + "' in '" + spec + "' is not a duration (e.g. 250ms, 30s, 2m)");
    }
    return d;
  }

  static double number(String spec, String text, double min, double max) {
    try {
      double v = Double.parseDouble(text);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' in '" + spec + "' must be a number from " + (long) min + " to " + (long) max);
    }
  }
}
