#!/usr/bin/python3
"""The sales ETL done the usual Python way (pandas + sqlite3), as the baseline for Millrace.

Same work as examples/sales-etl: read the CSV (skipping malformed lines), drop rows with missing
values or non-positive price/quantity, add total_amount and calendar parts, per-customer and
per-product statistics joined back, daily_summary and customer_summary, all three written to SQLite.

usage: /usr/bin/python3 sales_etl_pandas.py INPUT.csv OUTPUT.sqlite
"""
import sqlite3
import sys

import pandas as pd


def main(src, dst):
    df = pd.read_csv(src, on_bad_lines="skip", parse_dates=["date"])
    for c in ["product_id", "quantity", "price", "customer_id"]:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df = df.dropna()
    df = df[(df["price"] > 0) & (df["quantity"] > 0)].copy()
    df["total_amount"] = (df["quantity"] * df["price"]).round(2)
    df["year"] = df["date"].dt.year
    df["month"] = df["date"].dt.month
    df["day"] = df["date"].dt.day
    df["day_of_week"] = df["date"].dt.dayofweek

    amount = df["quantity"] * df["price"]
    customers = df.assign(amount=amount).groupby("customer_id").agg(
        total_spent=("amount", "sum"), avg_order_value=("amount", "mean"),
        order_count=("amount", "size"), unique_products=("product_id", "nunique"),
        first_purchase=("date", "min"), last_purchase=("date", "max")).reset_index()
    customers["total_spent"] = customers["total_spent"].round(2)
    customers["avg_order_value"] = customers["avg_order_value"].round(2)
    products = df.assign(amount=amount).groupby("product_id").agg(
        total_quantity_sold=("quantity", "sum"), total_revenue=("amount", "sum"),
        unique_customers=("customer_id", "nunique")).reset_index()
    products["total_revenue"] = products["total_revenue"].round(2)

    sales_data = df.merge(customers.drop(columns=["first_purchase", "last_purchase"]), on="customer_id") \
                   .merge(products, on="product_id")
    daily = df.assign(amount=amount).groupby("date").agg(
        daily_revenue=("amount", "sum"), daily_quantity=("quantity", "sum"),
        daily_customers=("customer_id", "nunique"), daily_products=("product_id", "nunique")).reset_index()
    daily["daily_revenue"] = daily["daily_revenue"].round(2)
    summary = customers.copy()
    summary["customer_lifetime_days"] = (summary["last_purchase"] - summary["first_purchase"]).dt.days
    summary = summary.drop(columns=["first_purchase", "last_purchase"])

    with sqlite3.connect(dst) as con:
        sales_data.to_sql("sales_data", con, if_exists="replace", index=False)
        daily.to_sql("daily_summary", con, if_exists="replace", index=False)
        summary.to_sql("customer_summary", con, if_exists="replace", index=False)
    print(f"sales_data={len(sales_data)} daily_summary={len(daily)} customer_summary={len(summary)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
