-- Price bands: budget (0, 50], mid-range (50, 200], premium (200, 1000], null outside.
select
  product_id,
  category,
  price,
  rating,
  case
    when price > 0   and price <= 50   then 'budget'
    when price > 50  and price <= 200  then 'mid-range'
    when price > 200 and price <= 1000 then 'premium'
  end as price_category
from product_catalog
