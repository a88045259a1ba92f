package server.pipeline;

/**
 * A connection went over one of the server's limits on what it may make the server hold; its message names
 * what, the limit and its property. The hostile-input guard closes that connection on it.
 */
final class LimitExceeded extends RuntimeException {

  LimitExceeded(String message) {
    // no stack trace: it is a verdict on the peer, not a fault of the server
    super(message, null, false, false);
  }
}
