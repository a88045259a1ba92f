package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting one port's server-side sockets by state from /proc: fixture rows and a fixture /proc (this host's own: PortCountReaderTest). */
class ProcNetTcpTest {

  /** 9010 = 0x2332. Every state on the server port, the clients' ends, other ports, and rows that are not rows. */
  private static final List<String> TCP = """
        sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000:2332 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 637 1 00000000b1780628 100 0 0 10 0
         1: 0100007F:2332 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 13690 1 0000000096c349ed 20 0 0 10 -1
         2: 0100007F:2332 0100007F:C351 01 00000000:00000000 02:000AF9C8 00000000  1000        0 13691 2 000000008a1e5f10 20 4 30 10 -1
         3: 0100007F:2332 0100007F:C352 03 00000000:00000000 01:00000064 00000000     0        0 0 0 00000000d2b1c4a1
         4: 0100007F:2332 0100007F:C353 04 00000001:00000000 01:00000032 00000000  1000        0 0 3 000000003c9d8e21 20 4 0 10 -1
         5: 0100007F:2332 0100007F:C354 05 00000000:00000000 02:00000F3C 00000000     0        0 0 3 00000000e7f8a2b4 20 4 0 10 -1
         6: 0100007F:2332 0100007F:C355 06 00000000:00000000 03:00001770 00000000     0        0 0 3 000000001f0e9d3c
         7: 0100007F:2332 0100007F:C356 06 00000000:00000000 03:00001702 00000000     0        0 0 3 00000000a4b5c6d7
         8: 0100007F:2332 0100007F:C357 08 00000000:00000001 00:00000000 00000000  1000        0 13695 1 0000000011223344 20 4 30 10 -1
         9: 0100007F:2332 0100007F:C358 08 00000000:00000000 00:00000000 00000000  1000        0 13696 1 0000000055667788 20 4 30 10 -1
        10: 0100007F:2332 0100007F:C359 08 00000000:00000000 00:00000000 00000000  1000        0 13697 1 0000000099aabbcc 20 4 30 10 -1
        11: 0100007F:2332 0100007F:C35A 09 00000001:00000000 01:00000032 00000000  1000        0 0 3 00000000ddeeff00 20 4 0 10 -1
        12: 0100007F:2332 0100007F:C35B 0B 00000001:00000000 01:00000032 00000000  1000        0 0 3 0000000012345678 20 4 0 10 -1
        13: 0100007F:2332 0100007F:C35C 0C 00000000:00000000 00:00000000 00000000     0        0 0 1 000000009abcdef0
        14: 0100007F:2332 0100007F:C35D 02 00000001:00000000 01:00000064 00000000  1000        0 13700 2 0000000023456789 100 0 0 10 -1
        15: 0100007F:2332 0100007F:C35E 07 00000000:00000000 00:00000000 00000000  1000        0 13701 1 00000000fedcba98 20 4 30 10 -1
        16: 0100007F:C350 0100007F:2332 01 00000000:00000000 00:00000000 00000000  1000        0 13689 2 0000000057e6e7e5 20 4 30 10 -1
        17: 0100007F:C357 0100007F:2332 05 00000000:00000000 02:00000F3C 00000000     0        0 0 3 00000000abcdef01 20 4 0 10 -1
        18: 0100007F:1F90 0100007F:C360 01 00000000:00000000 00:00000000 00000000  1000        0 13702 1 0000000013579bdf 20 4 30 10 -1
        19: 32230A0A:0016 0A0A2332:E1F0 01 00000000:00000000 02:0004C4B4 00000000     0        0 13703 2 000000002468ace0 20 4 31 10 -1
        20: 0100007F:2333 0100007F:C361 0A 00000000:00000000 00:00000000 00000000  1000        0 13704 1 00000000aaaa5555 100 0 0 10 0
        21: 0100007F:2332
        22: 0100007F:2332 0100007F:C362 1 00000000:00000000 00:00000000 00000000  1000        0 13705 1 0000000012121212 20 4 30 10 -1
        23: 0100007F:2332 0100007F:C363 ZZ 00000000:00000000 00:00000000 00000000  1000        0 13706 1 0000000034343434 20 4 30 10 -1
        24: 0100007F:02332 0100007F:C364 01 00000000:00000000 00:00000000 00000000  1000        0 13707 1 0000000056565656 20 4 30 10 -1
      garbage
      """.lines().toList();

  /** The IPv6 table (its header says remote_address); ::ffff:127.0.0.1 rows are IPv4 clients of a dual-stack listener. */
  private static final List<String> TCP6 = """
        sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000000000000000000000000000:2332 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 13686 1 0000000008618d4a 100 0 0 10 0
         1: 0000000000000000FFFF00000100007F:2332 0000000000000000FFFF00000100007F:CE74 01 00000000:00000000 00:00000000 00000000  1000        0 13688 1 0000000068b502ea 20 0 0 10 -1
         2: 00000000000000000000000001000000:2332 00000000000000000000000001000000:EC0C 01 00000000:00000000 00:00000000 00000000  1000        0 13690 1 0000000096c349ed 20 0 0 10 -1
         3: 00000000000000000000000001000000:EC0C 00000000000000000000000001000000:2332 01 00000000:00000000 00:00000000 00000000  1000        0 13689 2 0000000057e6e7e5 20 0 0 10 -1
         4: 00000000000000000000000001000000:2332 00000000000000000000000001000000:EC10 08 00000000:00000000 00:00000000 00000000  1000        0 13691 1 00000000c0ffee00 20 4 30 10 -1
         5: 00000000000000000000000001000000:2332 00000000000000000000000001000000
      """.lines().toList();

  private static final PortCounts TCP_9010 = new PortCounts(2, 2, 1, 1, 2, 3, 1, 1, 1, 2);
  private static final PortCounts TCP6_9010 = new PortCounts(2, 0, 0, 0, 0, 1, 0, 0, 1, 0);

  @Test
  void countsEveryStateOfTheServerPortAndNothingElse() {
    PortCounts counts = ProcNetTcp.parse(TCP, 9010);
    assertEquals(TCP_9010, counts);
    assertEquals(5, counts.perfmonEstablished());
  }

  @Test
  void countsIpv6RowsIncludingIpv4MappedOnes() {
    assertEquals(TCP6_9010, ProcNetTcp.parse(TCP6, 9010));
  }

  @Test
  void aClientsEndCountsUnderItsOwnLocalPortOnly() {
    assertEquals(new PortCounts(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), ProcNetTcp.parse(TCP, 0xC350));
    assertEquals(new PortCounts(0, 0, 0, 1, 0, 0, 0, 0, 0, 0), ProcNetTcp.parse(TCP, 0xC357));
    assertEquals(new PortCounts(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), ProcNetTcp.parse(TCP, 22));
  }

  @Test
  void skipsRowsThatAreNotRows() {
    List<String> bad = List.of("", "   ", "garbage", "  0: 0100007F:2332", "  0: 0100007F:2332 0100007F:C350",
        "  0: 0100007F: 0100007F:C350 01", "  0: :2332 0100007F:C350 0G", "  0: 0100007F:2332 0100007F:C350 001");
    assertEquals(PortCounts.empty(), ProcNetTcp.parse(bad, 9010));
  }

  @Test
  void readsAndAddsBothTablesUnderAProcRoot(@TempDir Path proc) throws IOException {
    Files.createDirectories(proc.resolve("net"));
    Files.write(proc.resolve("net/tcp"), TCP);
    Files.write(proc.resolve("net/tcp6"), TCP6);
    PortCounts both = new PortCounts(4, 2, 1, 1, 2, 4, 1, 1, 2, 2);
    assertEquals(both, TCP_9010.plus(TCP6_9010));
    assertEquals(Optional.of(both), ProcNetTcp.read(proc, 9010));
  }

  @Test
  void withoutTcp6ReadsIpv4Only(@TempDir Path proc) throws IOException {
    Files.createDirectories(proc.resolve("net"));
    Files.write(proc.resolve("net/tcp"), TCP);
    assertEquals(Optional.of(TCP_9010), ProcNetTcp.read(proc, 9010));
  }

  @Test
  void withoutTcpThereIsNothingToSay(@TempDir Path proc) throws IOException {
    assertEquals(Optional.empty(), ProcNetTcp.read(proc.resolve("absent"), 9010));
    Files.createDirectories(proc.resolve("net"));
    Files.write(proc.resolve("net/tcp6"), TCP6);
    assertEquals(Optional.empty(), ProcNetTcp.read(proc, 9010));
  }
}
