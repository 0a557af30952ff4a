-- Transactions of the run's data interval with their hour and calendar features (day_of_week:
-- Monday = 0, as pandas' dayofweek), merged on transaction_id: a scheduled or backfilled interval
-- adds its hour, and re-running an interval updates its rows instead of duplicating them. A manual
-- run's interval covers all time.
select
  transaction_id,
  user_id,
  amount,
  timestamp,
  date_trunc('hour', timestamp) as hour,
  hour(timestamp)                  as hour_of_day,
  isodow(timestamp) - 1            as day_of_week,
  isodow(timestamp) - 1 in (5, 6)  as is_weekend
from transaction_history
where timestamp >= TIMESTAMP '${data_interval_start}'
  and timestamp <  TIMESTAMP '${data_interval_end}'
