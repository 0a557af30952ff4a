-- Engagement and calendar features per behaviour event (day_of_week: Monday = 0).
with scored as (
  select *, cast(page_views * 0.3 + session_duration * 0.7 as double) as engagement_score
  from user_behavior_clean
)
select
  user_id,
  timestamp,
  page_views,
  session_duration,
  engagement_score,
  engagement_score > (select median(engagement_score) from scored) as is_active_user,
  hour(timestamp)                  as hour_of_day,
  isodow(timestamp) - 1            as day_of_week,
  isodow(timestamp) - 1 in (5, 6)  as is_weekend
from scored
