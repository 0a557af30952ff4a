-- Per-customer purchase statistics.
select
  customer_id,
  round(sum(quantity * price), 2)  as total_spent,
  round(avg(quantity * price), 2)  as avg_order_value,
  count(*)                         as order_count,
  count(distinct product_id)       as unique_products,
  min(date)                        as first_purchase,
  max(date)                        as last_purchase
from sales
group by customer_id
