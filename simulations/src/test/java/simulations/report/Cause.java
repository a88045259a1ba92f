package simulations.report;

/**
 * Why a run failed, in the order a user should look at them: what stopped the run itself, then what the server
 * or the machine could not do, then what the connections suffered. Each has its name in summary.json, what it
 * means, and what to look at next (docs/verdict.md says the same at length).
 */
public enum Cause {
  RUN_INTERRUPTED("run-interrupted", "the run was stopped before its end (Ctrl-C or a signal)",
      "run it again to its end; the figures up to the interruption are in the report"),
  SERVER_NOT_STARTED("server-not-started", "the embedded server did not start",
      "the reason is on the verdict line; server.log has the server's own output"),
  GATLING_FAILED("gatling-failed", "Gatling ended without its report",
      "Gatling's own output above the verdict says why"),
  EXPECTATION_NOT_MET("expectation-not-met", "what -Dexpect asked of the run did not happen",
      "the finding on the verdict line, and the figures of each batch in summary.json"),
  SERVER_DIED("server-died", "the server process ended during the run",
      "server.log (or your server's log) around that time; every connection it held was lost with it"),
  SERVER_RESTARTED("server-restarted", "another server process answered during the run (or its counters went back)",
      "who restarted it and why; the connections it held were lost"),
  OPEN_FILE_LIMIT("open-file-limit", "the server process reached its open-file limit: the kernel could not hand it"
      + " new connections", "raise the server's limit (ulimit -n, systemd LimitNOFILE): an OS limit, not the server's code"),
  INJECTOR_LIMIT("injector-limit", "the injector ran out of local ports or files: the failures are the load's, not"
      + " the server's", "more source addresses or injectors (ports), or a higher ulimit -n for the injector"),
  LEAK("leak", "what a leak grows (server RSS, live heap, open files, threads, the injector's RSS) grew through the"
      + " run's steady part faster than its threshold", "the series on server.html and the slopes in summary.json;"
      + " a heap histogram of the server (jmap -histo:live) at the start and at the end"),
  SERVER_STOPPED_ANSWERING("server-stopped-answering", "the server stopped answering: /status went silent, or its"
      + " event loops ran later than ackTimeout", "what blocked its event loops (long synchronous work, GC,"
      + " CPU): the event-loop lag and GC on server.html"),
  DROPS("drops", "the server or the network ended live connections",
      "the reasons: server-close (the server closed them), transport-close (the peer or the network),"
      + " ping-timeout (heartbeats not answered), server-shutdown"),
  FAILED_CONNECTS("failed-connects", "connections never joined their namespace",
      "the stage (tcp, tls, websocket, open-packet, namespace) and the errors in summary.json"),
  LATE_ANSWERS("late-answers", "acks or namespace answers came after ackTimeout: the clients gave up and left (the"
      + " server counts them as leaving, not as drops)", "the ack times on the report, the event-loop lag on server.html,"
      + " or a longer -DackTimeout"),
  WRONG_ANSWERS("wrong-answers", "answers that were not what the protocol expects (-Dack, -Dnamespace)",
      "what the server answers: -Dack=* accepts any ack payload"),
  NEVER_HELD_ALL("never-held-all", "the clients never held all the planned connections at once",
      "the other causes first; else a ramp or stagger that leaves too little time at full strength");

  public final String label;
  public final String meaning;
  public final String lookAt;

  Cause(String label, String meaning, String lookAt) {
    this.label = label;
    this.meaning = meaning;
    this.lookAt = lookAt;
  }
}
