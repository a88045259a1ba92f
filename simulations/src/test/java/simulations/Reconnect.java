package simulations;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What a connection does after an unexpected end (a drop or a failed connect): {@code -Dreconnect}.
 * <ul>
 *   <li>{@code seed}: its slot is refilled 100 ms later by a new connection, as the seed's client.js did;</li>
 *   <li>{@code backoff}: it comes back itself, as socket.io-client does: after 1 s x 2^n (n the attempts since it
 *       was last connected), capped at 5 s, with a randomization factor of 0.5, as often as it takes within its
 *       lifetime, which it keeps;</li>
 *   <li>{@code none}: it stays down until the run ends.</li>
 * </ul>
 */
public enum Reconnect {
  SEED, BACKOFF, NONE;

  /** socket.io-client's reconnectionDelay, reconnectionDelayMax and randomizationFactor defaults. */
  static final long DELAY_MILLIS = 1000;
  static final long DELAY_MAX_MILLIS = 5000;
  static final double RANDOMIZATION_FACTOR = 0.5;

  static Reconnect of(String value) {
    return switch (value) {
      case "seed" -> SEED;
      case "backoff" -> BACKOFF;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException("expected seed, backoff or none");
    };
  }

  String describe() {
    return switch (this) {
      case SEED -> "seed (a failed slot is refilled 100 ms later)";
      case BACKOFF -> "backoff (socket.io-client's: 1 s x 2^n up to 5 s, jitter 0.5)";
      case NONE -> "none (a failed connection stays down)";
    };
  }

  /**
   * The wait before reconnect attempt {@code attempt} (from 0), as socket.io-client's Backoff computes it: 1 s x
   * 2^attempt, moved by up to half of itself, down or up with even odds, capped at 5 s.
   */
  public static long backoffMillis(int attempt) {
    return backoffMillis(attempt, ThreadLocalRandom.current().nextDouble());
  }

  static long backoffMillis(int attempt, double random) {
    double ms = DELAY_MILLIS * Math.pow(2, Math.min(attempt, 30));
    double deviation = Math.floor(random * RANDOMIZATION_FACTOR * ms);
    ms = ((int) Math.floor(random * 10) & 1) == 0 ? ms - deviation : ms + deviation;
    return (long) Math.min(ms, DELAY_MAX_MILLIS);
  }
}
