-- Per card transaction, the card's features as of that transaction: point in time, each row sees
-- only the card's transactions up to and including itself (ordered by time, then id), never later
-- ones. These are the same definitions as the stream job's (streams/card_transactions.yaml), plus
-- the distance from home, which stream features cannot express (no trigonometry, no lookup of the
-- card's home): see README.md.
with t as (
  select t.transaction_id, t.card_id, t.ts, t.amount, t.channel, t.merchant_lat, t.merchant_lon,
         c.home_lat, c.home_lon
  from card_transactions t
  join cards c using (card_id)
),
w as (
  select *,
    -- trailing windows (ts - 1 h, ts] and (ts - 24 h, ts], as the stream's `trailing: 1h`
    count(*) over (partition by card_id order by ts
      range between interval '3599999999 microseconds' preceding and current row) as txn_count_1h,
    count(*) over (partition by card_id order by ts
      range between interval '86399999999 microseconds' preceding and current row) as txn_count_24h,
    avg(amount) over (partition by card_id order by ts, transaction_id
      rows between unbounded preceding and current row) as avg_amount,
    max(amount) over (partition by card_id order by ts
      range between interval '86399999999 microseconds' preceding and current row) as max_amount_24h
  from t
)
select
  transaction_id,
  card_id,
  ts,
  amount,
  channel,
  txn_count_1h,
  txn_count_24h,
  avg_amount,
  max_amount_24h,
  amount / avg_amount as amount_ratio,
  -- haversine, mean Earth radius 6371.0088 km
  2 * 6371.0088 * asin(sqrt(
      pow(sin(radians(merchant_lat - home_lat) / 2), 2)
    + cos(radians(home_lat)) * cos(radians(merchant_lat)) * pow(sin(radians(merchant_lon - home_lon) / 2), 2)
  )) as distance_km,
  cast(channel = 'online' as integer) as is_online,
  cast(hour(ts) as integer) as hour_of_day
from w
