package simulations.injectors;

/**
 * One injector's share of a profile played by {@code of} injectors: batch {@code b} (from 0) is played by shard
 * {@code b % of + 1}, so that every injector starts its batches at their own times and the stagger is kept across
 * them. {@code -Dshard=i/N}.
 */
public record Shard(int index, int of) {

  /** The whole profile in one injector. */
  public static final Shard WHOLE = new Shard(1, 1);

  public Shard {
    if (of < 1 || index < 1 || index > of) {
      throw new IllegalArgumentException("expected i/N with 1 <= i <= N");
    }
  }

  /** {@code i/N}. */
  public static Shard of(String value) {
    String[] parts = value.trim().split("/");
    if (parts.length != 2 || !parts[0].trim().matches("\\d{1,3}") || !parts[1].trim().matches("\\d{1,3}")) {
      throw new IllegalArgumentException("expected i/N, e.g. 2/3: this injector plays every third batch from the second");
    }
    return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
  }

  public boolean plays(int batch) {
    return batch % of == index - 1;
  }

  /** How many of {@code batches} this shard plays. */
  public int batchesOf(int batches) {
    return batches / of + (index <= batches % of ? 1 : 0);
  }

  public boolean whole() {
    return of == 1;
  }

  @Override
  public String toString() {
    return index + "/" + of;
  }
}
