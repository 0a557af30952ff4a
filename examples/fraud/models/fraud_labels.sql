-- The entity rows of the fraud predictor's training set: one per transaction, the card, the time the
-- decision is taken (the transaction's own time) and the label. Features are joined to these point in
-- time by the training-set builder.
select
  transaction_id,
  card_id,
  ts as event_timestamp,
  cast(is_fraud as integer) as is_fraud
from card_transactions
