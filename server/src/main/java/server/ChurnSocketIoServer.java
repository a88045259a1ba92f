package server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * netty-socketio's server, keeping hold of its event-loop groups (which it keeps private): the freeze fault
 * blocks the worker loops, and the server stops in well under a second instead of netty-socketio's 4 to 5
 * (two quiet periods of 2 s, one per group, that only delay a server whose clients are already gone).
 */
final class ChurnSocketIoServer extends SocketIOServer {

  private volatile EventLoopGroup boss;
  private volatile EventLoopGroup workers;

  ChurnSocketIoServer(Configuration configuration) {
    super(configuration);
  }

  @Override
  protected void applyConnectionOptions(ServerBootstrap bootstrap) {
    super.applyConnectionOptions(bootstrap);
    boss = bootstrap.config().group();
    workers = bootstrap.config().childGroup();
  }

  /** The worker event loops that serve the connections; empty before start. */
  List<EventExecutor> workerLoops() {
    List<EventExecutor> loops = new ArrayList<>();
    if (workers != null) {
      workers.forEach(loops::add);
    }
    return loops;
  }

  @Override
  public void stop() {
    // Shutting down first without a quiet period: netty-socketio's own shutdownGracefully() below then finds
    // the groups already terminating and returns at once.
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
    super.stop();
  }
}
