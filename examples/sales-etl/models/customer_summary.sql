-- One row per customer; lifetime = days between first and last purchase.
select
  customer_id, total_spent, avg_order_value, order_count, unique_products,
  date_diff('day', first_purchase, last_purchase) as customer_lifetime_days
from customer_stats
order by customer_id
