package lab.launch;

/**
 * For a child started by {@link ServerProcess}: the parent keeps our stdin open and never writes to it, so its
 * end, even when the parent is killed outright, is the end of the stream. Then we exit (shutdown hooks run), so
 * that nothing the lab started outlives its run.
 */
public final class ParentWatch {

  private ParentWatch() {}

  public static void exitWhenStdinCloses() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; we only wait for the end of the stream
        }
      } catch (java.io.IOException e) {
        // a broken pipe means the same: the parent is gone
      }
      System.out.println("parent process gone: stopping");
      System.exit(0);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
