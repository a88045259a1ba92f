package lab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.launch.ServerProcess;
import lab.timeline.AgentClient;
import lab.timeline.PortCounts;
import lab.timeline.ServerHost;
import lab.timeline.TimelineRow;
import lab.timeline.TimelineSampler;
import lab.timeline.Trust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own process, watching this test JVM as "the server": a port with two connections, and this
 * process. What it answers is what this host reads by itself, and a sampler watching a server on another address
 * fills the host's columns from it.
 */
@EnabledOnOs(OS.LINUX)
class TimelineAgentTest {

  private static ServerProcess agent(Path dir, int port, long pid) throws IOException {
    return TimelineAgent.start(port, pid, dir.resolve("agent.log"));
  }

  @Test
  void theAgentAnswersWhatThisHostSeesAndASamplerOfARemoteServerUsesIt(@TempDir Path dir) throws Exception {
    long pid = ProcessHandle.current().pid();
    List<SocketChannel> sockets = new ArrayList<>();
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      for (int i = 0; i < 2; i++) {
        sockets.add(SocketChannel.open(listener.getLocalAddress()));
        sockets.add(listener.accept());
      }
      ServerProcess agent = agent(dir, port, pid);
      try {
        assertTrue(new AgentClient(URI.create(agent.url())).unanswered().isEmpty(), "it answers");
        ServerHost.View remote = new AgentClient(URI.create(agent.url())).read(port, -1);
        ServerHost.View here = ServerHost.here().read(port, pid);
        assertEquals(new PortCounts(2, 0, 0, 0, 0, 0, 0, 0, 1, 0), remote.ports().orElseThrow());
        assertEquals(here.ports(), remote.ports());
        assertEquals(pid, remote.pid(), "the process the agent was told to watch");
        assertTrue(remote.process().orElseThrow().rssBytes() > 0 && remote.process().get().openFds() >= 4);
        assertEquals(here.openFileLimit(), remote.openFileLimit());

        // 192.0.2.10 is no host of ours (TEST-NET-1): without the agent the sampler could see nothing of it
        URI elsewhere = URI.create("wss://192.0.2.10:" + port);
        try (TimelineSampler sampler = new TimelineSampler(dir.resolve("timeline.csv"),
            new TimelineSampler.Watched(elsewhere, -1, null, Trust.any(), URI.create(agent.url())))) {
          TimelineRow row = sampler.sample();
          assertEquals(2, row.tcp().established());
          assertTrue(row.rssBytes() > 0 && row.openFds() >= 4, row.toString());
          assertTrue(sampler.seesHost() && sampler.watchesProcess());
        }
        try (TimelineSampler blind = new TimelineSampler(dir.resolve("blind.csv"), new TimelineSampler.Watched(elsewhere, -1))) {
          TimelineRow row = blind.sample();
          assertEquals(null, row.tcp());
          assertEquals(null, row.rssBytes());
        }
      } finally {
        agent.stop();
      }
    } finally {
      for (SocketChannel socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void anAgentToldToWatchNoSuchProcessStopsSayingSo(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class, () -> agent(dir, 9010, 999_999_999L));
    assertTrue(e.getMessage().contains("-Dagent.pid=999999999: no such process on this host"), e.getMessage());
  }
}
