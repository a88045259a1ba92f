package server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
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
    // One read of at most 16 KiB (a TLS record) per connection per turn of its event loop, not Netty's 16 of
    // up to 64 KiB: a client flooding events would otherwise have a megabyte of them handled (some 45,000
    // pings, seconds of work while the JIT is cold) before its neighbours on the loop get a turn.
    bootstrap.childOption(ChannelOption.RCVBUF_ALLOCATOR,
        new AdaptiveRecvByteBufAllocator(64, 2048, 16 * 1024).maxMessagesPerRead(1));
    if (bootstrap.config().childGroup() instanceof EpollEventLoopGroup) {
      // Level-triggered: a connection with more to read waits for the next epoll_wait like its neighbours.
      // Edge-triggered, Netty queues its next read as a task, and runs up to 64 tasks between two looks at
      // the clock: a flooder's 64 reads before anyone else's one.
      bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
    }
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
