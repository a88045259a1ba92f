package server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.launch.ServerProcess;

/** A parent JVM for ServerLaunchTest to kill with SIGKILL: starts a server, prints its pid, and waits. */
public final class ThrowawayParent {

  public static void main(String[] args) throws Exception {
    ServerProcess server = ServerProcess.start(Map.of("server.port", "0"), List.of("-Xmx256m"), Path.of(args[0]),
        Duration.ofSeconds(30));
    System.out.println("server pid " + server.pid());
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(2).toMillis());
  }
}
