-- Transactions of the run's data interval with their hour, merged on transaction_id: a scheduled or
-- backfilled interval adds its hour, and re-running an interval replaces its rows instead of
-- duplicating them. A manual run's interval covers all time.
select
  transaction_id,
  user_id,
  amount,
  timestamp,
  date_trunc('hour', timestamp) as hour
from transaction_history
where timestamp >= TIMESTAMP '${data_interval_start}'
  and timestamp <  TIMESTAMP '${data_interval_end}'
