package simulations.injectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {

  /** Every batch is played once, by one shard, and each shard's batches keep their own start times. */
  @Test
  void theShardsOfAProfileSplitItsBatchesRoundRobinWithoutGapOrOverlap() {
    int batches = 7;
    List<Integer> played = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Shard shard = new Shard(i, 3);
      List<Integer> mine = IntStream.range(0, batches).filter(shard::plays).boxed().toList();
      assertEquals(mine.size(), shard.batchesOf(batches));
      played.addAll(mine);
    }
    assertEquals(List.of(0, 3, 6, 1, 4, 2, 5), played);
    assertEquals(new Shard(2, 3), Shard.of(" 2/3 "));
    assertEquals("2/3", Shard.of("2/3").toString());
  }

  @Test
  void aShardThatIsNotOneOfItsNIsRefused() {
    for (String bad : new String[] {"0/2", "3/2", "1", "a/b", "1/0", "1/2/3"}) {
      assertThrows(IllegalArgumentException.class, () -> Shard.of(bad), bad);
    }
  }
}
