-- The entity rows of the `buy` predictor: for every user and every day of the data but the last, the
-- decision time (the midnight starting the next day) and whether the user buys during that next day.
-- (Days are those with transactions: written so DuckDB and Spark both run it.)
with days as (
  select distinct cast(timestamp as date) as day
  from transaction_history
  where cast(timestamp as date) < (select max(cast(timestamp as date)) from transaction_history)
),
users as (select distinct user_id from user_behavior_clean),
bought as (select distinct user_id, cast(timestamp as date) as day from transaction_history)
select
  u.user_id,
  cast(d.day + interval 1 day as timestamp)                                   as event_timestamp,
  cast(b.user_id is not null as integer)                                      as purchased_next_day
from users u
cross join days d
left join bought b on b.user_id = u.user_id and b.day = d.day + interval 1 day
