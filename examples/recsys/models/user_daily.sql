-- Daily aggregates per user: behaviour and spending.
with behaviour as (
  select user_id, cast(timestamp as date) as day,
         count(*) as sessions, cast(sum(page_views) as bigint) as page_views,
         cast(sum(session_duration) as bigint) as session_duration, avg(engagement_score) as avg_engagement,
         bool_or(is_active_user) as any_active
  from user_features
  group by all
),
spend as (
  select user_id, cast(timestamp as date) as day,
         count(*) as transactions, round(sum(amount), 2) as amount
  from transaction_history
  group by all
)
select
  coalesce(b.user_id, s.user_id) as user_id,
  coalesce(b.day, s.day)         as day,
  coalesce(b.sessions, 0)        as sessions,
  coalesce(b.page_views, 0)      as page_views,
  coalesce(b.session_duration, 0) as session_duration,
  b.avg_engagement,
  coalesce(b.any_active, false)  as any_active,
  coalesce(s.transactions, 0)    as transactions,
  coalesce(s.amount, 0)          as amount
from behaviour b
full outer join spend s on b.user_id = s.user_id and b.day = s.day
