-- Per user and day, the user's activity over the 7 days up to that day, known once the day is over:
-- `as_of` (the midnight after the day) is the feature view's timestamp, so a training row at time t
-- sees only days that ended by t. Sums are cast to bigint (DuckDB sums integers as 128-bit, Spark as
-- bigint): one type on both engines.
select
  user_id,
  day,
  cast(day + interval 1 day as timestamp)                                            as as_of,
  sessions,
  page_views,
  transactions,
  amount,
  cast(sum(sessions)     over w7 as bigint)                                          as sessions_7d,
  cast(sum(page_views)   over w7 as bigint)                                          as page_views_7d,
  cast(sum(transactions) over w7 as bigint)                                          as transactions_7d,
  round(sum(amount) over w7, 2)                                                      as amount_7d,
  count(case when transactions > 0 then 1 end) over w7                               as purchase_days_7d
from user_daily
window w7 as (partition by user_id order by day range between interval 6 days preceding and current row)
