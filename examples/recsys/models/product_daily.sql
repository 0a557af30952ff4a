-- Daily aggregates per product. Transactions carry no product id, so each day's spend is spread over
-- the catalog by category share: for every product and day, the product's category's share of the
-- day's revenue, and the product's standing within its category (price and rating ranks).
with daily as (
  select cast(timestamp as date) as day, count(*) as transactions, round(sum(amount), 2) as revenue
  from transaction_history group by all
),
ranked as (
  select *,
         rank() over (partition by category order by price desc)  as price_rank_in_category,
         rank() over (partition by category order by rating desc) as rating_rank_in_category,
         cast(count(*) over (partition by category) as double) / count(*) over () as category_share
  from product_features
)
select
  r.product_id, d.day, r.category, r.price_category, r.price, r.rating,
  r.price_rank_in_category, r.rating_rank_in_category,
  round(r.category_share, 4)                                  as category_share,
  d.transactions                                              as day_transactions,
  round(d.revenue * r.category_share / count(*) over (partition by d.day, r.category), 2)
                                                              as expected_revenue
from ranked r
cross join daily d
