package simulations.report;

/**
 * How the run itself ended, as the harness saw it.
 *
 * @param interruptedBy   the signal that stopped it early (SIGINT, SIGTERM), or null
 * @param interruptedAt   when, epoch ms; -1 if not
 * @param serverNotStarted why the embedded server did not start, or null
 * @param gatlingFinished Gatling ran the load to its end and wrote its report
 * @param serverExitCode  the embedded server's exit code if it ended on its own during the run, or null
 * @param injectorsLost   the other injectors (-Dinjectors) that did not play their share to its end with their
 *                        report, each with why; empty for none
 */
public record RunEnd(String interruptedBy, long interruptedAt, String serverNotStarted, boolean gatlingFinished,
    Integer serverExitCode, java.util.List<String> injectorsLost) {

  public RunEnd(String interruptedBy, long interruptedAt, String serverNotStarted, boolean gatlingFinished,
      Integer serverExitCode) {
    this(interruptedBy, interruptedAt, serverNotStarted, gatlingFinished, serverExitCode, java.util.List.of());
  }

  public static RunEnd finished() {
    return new RunEnd(null, -1, null, true, null);
  }
}
