-- Revenue, quantity, customers and products per day.
select
  date,
  round(sum(quantity * price), 2)  as daily_revenue,
  cast(sum(quantity) as bigint)    as daily_quantity,
  count(distinct customer_id)      as daily_customers,
  count(distinct product_id)       as daily_products
from sales
group by date
order by date
