package io.millrace.duckdb.internal;

/**
 * The SQL behind {@link io.millrace.duckdb.DataGenerator#fraud}: card holders and their card
 * transactions, with fraud labelled by pattern. Randomness is {@code hash(key, seed, tag)}, as in
 * {@link GeneratorSql}: deterministic per (row, seed, purpose).
 *
 * <p>Every card lives in one of 24 cities (home within about 20 km of the centre) and has its own
 * typical amount (log-normal, median about 27). Legitimate transactions: cards drawn with a skewed
 * activity, uniform times over the span, 96% at a merchant of the home city, 4% while travelling
 * (another city), amounts log-normal around the card's typical amount with 2% big tickets (3 to 6
 * times it). Fraud comes in three patterns that the features can see, and noise they cannot:
 * <ul>
 *   <li>bursts on compromised cards (1.5% of cards, one burst each): 2 to 8 transactions 1 to 15
 *       minutes apart, the first a small test charge, the rest 2 to 10 times the card's typical
 *       amount, 75% in a far city (mostly online), 25% in the home city (a skimmed card);</li>
 *   <li>isolated fraud (one per 1,000 legitimate transactions): one transaction in a far city, 3 to
 *       10 times the typical amount;</li>
 * </ul>
 * Merchants belong to a city ({@code merchant_id % 24}) and sit at a fixed point near its centre.
 */
public final class FraudSql {
  /** The cities: name, latitude, longitude. */
  static final String CITIES = "SELECT * FROM (VALUES "
      + "(0, 'New York', 40.71, -74.01), (1, 'Los Angeles', 34.05, -118.24), (2, 'Chicago', 41.88, -87.63), "
      + "(3, 'Houston', 29.76, -95.37), (4, 'Phoenix', 33.45, -112.07), (5, 'Seattle', 47.61, -122.33), "
      + "(6, 'Miami', 25.76, -80.19), (7, 'Denver', 39.74, -104.99), (8, 'Boston', 42.36, -71.06), "
      + "(9, 'Atlanta', 33.75, -84.39), (10, 'London', 51.51, -0.13), (11, 'Paris', 48.86, 2.35), "
      + "(12, 'Berlin', 52.52, 13.40), (13, 'Madrid', 40.42, -3.70), (14, 'Rome', 41.90, 12.50), "
      + "(15, 'Amsterdam', 52.37, 4.90), (16, 'Toronto', 43.65, -79.38), (17, 'Mexico City', 19.43, -99.13), "
      + "(18, 'Sao Paulo', -23.55, -46.63), (19, 'Tokyo', 35.68, 139.69), (20, 'Singapore', 1.35, 103.82), "
      + "(21, 'Sydney', -33.87, 151.21), (22, 'Lagos', 6.52, 3.38), (23, 'Mumbai', 19.08, 72.88)"
      + ") c(city, city_name, lat, lon)";
  static final int N_CITIES = 24;
  /** Merchants per city. */
  static final int PER_CITY = 200;
  private static final String START = "TIMESTAMP '2025-01-01 00:00:00'";

  private final long seed;

  public FraudSql(long seed) {
    this.seed = seed;
  }

  private String bucket(String key, String tag, long n) {
    return "CAST(hash(" + key + ", " + seed + ", '" + tag + "') % " + n + " AS BIGINT)";
  }

  private String uniform(String key, String tag) {
    return "(" + bucket(key, tag, 1_000_000) + " / 1000000.0)";
  }

  private String normal(String key, String tag) {
    return "((" + uniform(key, tag + "1") + " + " + uniform(key, tag + "2") + " + "
        + uniform(key, tag + "3") + " + " + uniform(key, tag + "4") + " - 2) * sqrt(3))";
  }

  /** A city other than the card's home city, chosen by {@code key}. */
  private String farCity(String key) {
    return "(city + 1 + " + bucket(key, "far", N_CITIES - 1) + ") % " + N_CITIES;
  }

  /** Card holders: card_id, home_city, home_lat, home_lon (the card's usual location). */
  public String cards(int cards) {
    return "WITH c AS (SELECT c AS card_id, " + bucket("c", "city", N_CITIES) + " AS city, "
        + uniform("c", "dlat") + " - 0.5 AS dlat, " + uniform("c", "dlon") + " - 0.5 AS dlon FROM range(1, "
        + (cards + 1L) + ") t(c)) "
        + "SELECT card_id, city_name AS home_city, CAST(lat + 0.35 * dlat AS DECIMAL(8, 5)) AS home_lat, "
        + "CAST(lon + 0.35 * dlon AS DECIMAL(8, 5)) AS home_lon FROM c JOIN (" + CITIES + ") USING (city) "
        + "ORDER BY card_id";
  }

  /**
   * Card transactions: transaction_id, card_id, ts, amount, merchant_id, merchant_lat, merchant_lon,
   * channel, is_fraud; ordered by time.
   */
  public String transactions(int cards, int legit, int days) {
    long span = days * 86_400L;
    String typical = "exp(3.3 + 0.6 * " + normal("card_id", "typical") + ")";
    return "WITH card AS (SELECT c AS card_id, " + bucket("c", "city", N_CITIES) + " AS city, "
        + typical.replace("card_id", "c") + " AS typical, " + bucket("c", "comp", 1000) + " < 15 AS compromised "
        + "FROM range(1, " + (cards + 1L) + ") t(c)), "
        // legitimate: skewed activity (card ~ cards * u^1.4), 4% travelling, 2% big tickets
        + "legit AS (SELECT i AS k, 1 + least(" + (cards - 1L) + ", CAST(floor(" + cards + " * pow("
        + uniform("i", "card") + ", 1.4)) AS BIGINT)) AS card_id, " + START + " + to_seconds("
        + bucket("i", "ts", span) + ") AS ts, " + uniform("i", "travel") + " < 0.04 AS travelling, "
        + "exp(0.45 * " + normal("i", "amount") + ") * CASE WHEN " + uniform("i", "big") + " < 0.02 THEN 3 + 3 * "
        + uniform("i", "bigf") + " ELSE 1 END AS factor, "
        + "CASE WHEN " + uniform("i", "ch") + " < 0.65 THEN 'pos' WHEN " + uniform("i", "ch")
        + " < 0.95 THEN 'online' ELSE 'atm' END AS channel FROM range(" + legit + ") t(i)), "
        + "legit_rows AS (SELECT l.card_id, ts, CASE WHEN travelling THEN " + farCity("k") + " ELSE city END AS m_city, "
        + "typical * factor AS amount, channel, false AS is_fraud, k, 'l' AS kind FROM legit l JOIN card USING (card_id)), "
        // bursts: one per compromised card, 2..8 transactions 1..15 minutes apart
        + "burst AS (SELECT card_id, city, typical, 2 + " + bucket("card_id", "n", 7) + " AS n, "
        + START + " + to_seconds(" + bucket("card_id", "t0", span - 86_400) + ") AS t0, 60 + "
        + bucket("card_id", "gap", 840) + " AS gap, " + uniform("card_id", "local") + " < 0.25 AS local "
        + "FROM card WHERE compromised), "
        + "burst_rows AS (SELECT card_id, t0 + to_seconds(j * gap + " + bucket("card_id * 16 + j", "jit", 30)
        + ") AS ts, CASE WHEN local THEN city ELSE " + farCity("card_id") + " END AS m_city, CASE WHEN j = 0 THEN 1 + 4 * " + uniform("card_id * 16 + j", "test") + " ELSE typical * (2 + 8 * "
        + uniform("card_id * 16 + j", "amt") + ") END AS amount, CASE WHEN NOT local AND "
        + uniform("card_id * 16 + j", "ch") + " < 0.8 THEN 'online' WHEN local AND " + uniform("card_id * 16 + j", "atm")
        + " < 0.3 THEN 'atm' ELSE 'pos' END AS channel, true AS is_fraud, card_id * 16 + j AS k, 'b' AS kind "
        + "FROM burst, range(8) r(j) WHERE j < n), "
        // isolated fraud: one per 1,000 legitimate transactions
        + "single AS (SELECT i AS k, 1 + " + bucket("i", "scard", cards) + " AS card_id, " + START
        + " + to_seconds(" + bucket("i", "sts", span) + ") AS ts FROM range(" + Math.max(1, legit / 1000) + ") t(i)), "
        + "single_rows AS (SELECT s.card_id, ts, " + farCity("k") + " AS m_city, typical * (3 + 7 * "
        + uniform("k", "samt") + ") AS amount, CASE WHEN " + uniform("k", "sch") + " < 0.6 THEN 'online' ELSE 'pos' END "
        + "AS channel, true AS is_fraud, k, 's' AS kind FROM single s JOIN card USING (card_id)), "
        + "t AS (SELECT * FROM legit_rows UNION ALL SELECT * FROM burst_rows UNION ALL SELECT * FROM single_rows), "
        + "m AS (SELECT *, m_city + " + N_CITIES + " * " + bucket("k || kind", "merchant", PER_CITY) + " AS merchant_id FROM t) "
        + "SELECT row_number() OVER (ORDER BY ts, card_id, kind, k) AS transaction_id, card_id, ts, "
        + "CAST(greatest(0.5, amount) AS DECIMAL(12, 2)) AS amount, merchant_id, "
        + "CAST(c.lat + 0.3 * (" + uniform("merchant_id", "mlat") + " - 0.5) AS DECIMAL(8, 5)) AS merchant_lat, "
        + "CAST(c.lon + 0.3 * (" + uniform("merchant_id", "mlon") + " - 0.5) AS DECIMAL(8, 5)) AS merchant_lon, "
        + "channel, is_fraud FROM m JOIN (" + CITIES + ") c ON c.city = m.m_city ORDER BY transaction_id";
  }
}
