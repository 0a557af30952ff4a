-- Per-product sales statistics.
select
  product_id,
  cast(sum(quantity) as bigint)    as total_quantity_sold,
  round(sum(quantity * price), 2)  as total_revenue,
  count(distinct customer_id)      as unique_customers
from sales
group by product_id
