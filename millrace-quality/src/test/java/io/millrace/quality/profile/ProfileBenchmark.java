package io.millrace.quality.profile;

/**
 * Times profiling of a 1M-row, 10-column table (run by hand, not a test):
 * {@code java -cp <test classpath> io.millrace.quality.profile.ProfileBenchmark [rows]}.
 */
public final class ProfileBenchmark {
  private ProfileBenchmark() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    try (DuckDbRunner db = new DuckDbRunner()) {
      db.execute("CREATE TABLE bench AS SELECT i AS id, i % 7 AS small_int, hash(i) % 100000 AS mid_int,"
          + " random() * 1000 AS price, 'cat_' || (i % 12) AS category, md5(CAST(i AS VARCHAR)) AS uid,"
          + " CASE WHEN i % 10 = 0 THEN NULL ELSE i % 3 END AS sparse, DATE '2020-01-01' + CAST(i % 1500 AS INTEGER) AS day,"
          + " i % 2 = 0 AS flag, CASE WHEN i % 5 = 0 THEN 'yes' ELSE 'no' END AS label FROM range(" + rows + ") r(i)");
      Profiler profiler = new Profiler();
      for (int run = 0; run < 3; run++) {
        long t0 = System.nanoTime();
        Profile plain = profiler.profile(db, "bench", null, ProfileOptions.DEFAULTS);
        long t1 = System.nanoTime();
        Profile withTarget = profiler.profile(db, "bench", "label", ProfileOptions.DEFAULTS);
        long t2 = System.nanoTime();
        System.out.printf("rows=%d columns=%d  profile=%d ms  with target=%d ms%n", plain.rows(),
            plain.columns().size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        if (run == 2) {
          System.out.println(withTarget.toTable());
        }
      }
    }
  }
}
