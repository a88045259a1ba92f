package server.faults;

/** One fault mode of -Dfault. Timed faults act once at a time counted from the server's start. */
public interface Fault {

  /** The way it was written in -Dfault, e.g. {@code kick:20%@30s}. */
  String spec();
}
