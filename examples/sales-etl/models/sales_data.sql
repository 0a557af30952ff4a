-- Every valid sale with its amount, calendar parts (day_of_week: Monday = 0) and the customer's and
-- product's statistics joined back.
select
  s.date, s.product_id, s.quantity, s.price, s.customer_id,
  round(s.quantity * s.price, 2)   as total_amount,
  year(s.date)                     as year,
  month(s.date)                    as month,
  day(s.date)                      as day,
  isodow(s.date) - 1               as day_of_week,
  c.total_spent, c.avg_order_value, c.order_count, c.unique_products,
  p.total_quantity_sold, p.total_revenue, p.unique_customers
from sales s
join customer_stats c using (customer_id)
join product_stats p using (product_id)
