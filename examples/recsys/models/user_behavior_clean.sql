-- Missing page_views / session_duration forward-filled from the same user's previous event in
-- timestamp order; a user's leading gaps (no earlier value) become 0.
select
  user_id,
  timestamp,
  coalesce(last_value(page_views ignore nulls) over w, 0)       as page_views,
  coalesce(last_value(session_duration ignore nulls) over w, 0) as session_duration
from user_behavior
window w as (partition by user_id order by timestamp
             rows between unbounded preceding and current row)
