#!/usr/bin/env bash
# Training benchmark (issue 9, point 5): `millrace train` (point-in-time training set + fit + held-out
# evaluation + artifact) against scikit-learn on the same data, in the same run. Data: N users with 10
# numeric features in 3 versions each (a feature view of 3N rows) and N labelled entity rows after the
# last version; the label follows 3 of the features plus noise. Both sides do the point-in-time join
# (Millrace: its ASOF join; Python: pandas merge_asof), the same time split (latest 20% held out) and
# comparable models: gradient-boosted trees (100 rounds, depth 3, learning rate 0.1: XGBoost hist vs
# sklearn GradientBoostingClassifier and HistGradientBoostingClassifier) and logistic regression
# (Tribuo SGD, 20 epochs vs sklearn LogisticRegression lbfgs).
#   benchmarks/train.sh [N]      (default: 100000)
# Needs Java 17, Maven and Debian's python3-sklearn and python3-pandas under /usr/bin/python3.
# Results: benchmarks/results/train-<time>.txt. Every process is timed whole (JVM/Python start included).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n=${1:-100000}
work="$root/benchmarks/data/train"; rm -rf "$work"; mkdir -p "$work" "$root/benchmarks/results"
out="$root/benchmarks/results/train-$(date -u +%Y%m%dT%H%M%SZ).txt"
source "$root/benchmarks/lib.sh"
timed_width=160

if ! /usr/bin/python3 -c "import sklearn, pandas" 2>/dev/null; then
  apt-get install -y python3-sklearn python3-pandas > "$work/apt.log" 2>&1 \
    || { echo "cannot install python3-sklearn (see $work/apt.log)"; exit 2; }
fi
./millrace --version > /dev/null   # build the CLI once, outside the timings
say "# Millrace training benchmark $(date -u +%FT%TZ), N=$n users, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

p="$work/p"; mkdir -p "$p/data" "$p/features" "$p/predictors"
echo "name: gen" > "$p/millrace.yaml"
r() { echo "(CAST(hash($1) % 100000 AS BIGINT) / 100000.0)"; }
feats=""; for k in $(seq 1 10); do feats="$feats, $(r "u * 31 + v * 7 + $k") AS f$k"; done
./millrace sql "$p" --write "COPY (SELECT u AS user_id, TIMESTAMP '2024-01-01' + to_days(v) + to_seconds(CAST(hash(u + v) % 80000 AS BIGINT)) AS ts $feats
  FROM range($n) a(u), range(3) b(v)) TO '$p/data/view.csv' (HEADER)" > /dev/null
./millrace sql "$p" --write "COPY (SELECT user_id, TIMESTAMP '2024-01-04' + to_seconds(user_id) AS event_timestamp,
  CAST(f1 + 0.5 * f2 - 0.5 * f3 + 0.6 * ($(r "user_id * 13 + 5") - 0.5) > 0.55 AS INTEGER) AS label
  FROM read_csv('$p/data/view.csv') WHERE ts >= TIMESTAMP '2024-01-03' ORDER BY user_id) TO '$p/data/labels.csv' (HEADER)" > /dev/null
cols=""; flist=""; for k in $(seq 1 10); do cols="$cols, f$k: double"; flist="$flist${flist:+, }f$k"; done
cat > "$p/millrace.yaml" <<YAML
name: train_bench
sources:
  view_rows: {format: csv, path: data/view.csv, columns: {user_id: bigint, ts: timestamp$cols}}
  labels: {format: csv, path: data/labels.csv, columns: {user_id: bigint, event_timestamp: timestamp, label: integer}}
YAML
cat > "$p/features/u.yaml" <<YAML
views:
  u: {entities: [user_id], source: view_rows, timestamp: ts, online: true, features: [$flist]}
YAML
ts="training_set: {entities: labels, features: [u]}"
printf '%s\nlabel: label\ntask: classification\nalgorithm: xgboost\nparams: {rounds: 100, max_depth: 3, eta: 0.1}\n' "$ts" > "$p/predictors/gbt.yaml"
printf '%s\nlabel: label\ntask: classification\nalgorithm: logistic_regression\nparams: {epochs: 20}\n' "$ts" > "$p/predictors/logit.yaml"
timed ingest ./millrace run "$p" --quiet
timed millrace_xgboost ./millrace train "$p" --predictor gbt --format json
timed millrace_logistic ./millrace train "$p" --predictor logit --format json

cat > "$work/sk.py" <<'PY'
import json, sys, time
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, accuracy_score, log_loss
d, which = sys.argv[1], sys.argv[2]
view = pd.read_csv(f"{d}/view.csv", parse_dates=["ts"]).sort_values("ts")
ents = pd.read_csv(f"{d}/labels.csv", parse_dates=["event_timestamp"])
ents["_row"] = range(len(ents))
ts = pd.merge_asof(ents.sort_values("event_timestamp"), view, left_on="event_timestamp", right_on="ts",
                   by="user_id", direction="backward").sort_values(["event_timestamp", "_row"])
feats = [f"f{k}" for k in range(1, 11)]
k = len(ts) - round(len(ts) * 0.2)
train, test = ts.iloc[:k], ts.iloc[k:]
model = {"gb": lambda: GradientBoostingClassifier(n_estimators=100, max_depth=3, learning_rate=0.1, random_state=0),
         "hgb": lambda: HistGradientBoostingClassifier(max_iter=100, max_depth=3, learning_rate=0.1, random_state=0),
         "logit": lambda: LogisticRegression(max_iter=1000)}[which]()
model.fit(train[feats], train["label"])
p = model.predict_proba(test[feats])[:, 1]
print(json.dumps({"auc": roc_auc_score(test["label"], p), "accuracy": accuracy_score(test["label"], p >= 0.5),
                  "log_loss": log_loss(test["label"], p), "test_rows": len(test)}))
PY
timed sklearn_gb /usr/bin/python3 "$work/sk.py" "$p/data" gb
timed sklearn_hist_gb /usr/bin/python3 "$work/sk.py" "$p/data" hgb
timed sklearn_logistic /usr/bin/python3 "$work/sk.py" "$p/data" logit
say "ratio sklearn_gb / millrace_xgboost wall: $(ratio "$(wall sklearn_gb)" "$(wall millrace_xgboost)")"
say "ratio sklearn_hist_gb / millrace_xgboost wall: $(ratio "$(wall sklearn_hist_gb)" "$(wall millrace_xgboost)")"
say "ratio sklearn_logistic / millrace_logistic wall: $(ratio "$(wall sklearn_logistic)" "$(wall millrace_logistic)")"
# online scoring in process (what POST /predict calls): N entities in a RocksDB store, one per call
(cd "$root" && mvn -B -o -q install -DskipTests -pl benchmarks -am > "$work/mvn.log" 2>&1 \
  && mvn -B -o -q dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$work/cp.txt" >> "$work/mvn.log" 2>&1)
java -cp "$(cat "$work/cp.txt"):$root/benchmarks/target/classes" io.millrace.benchmarks.ScoringLatency "$p" gbt u "$n" 20000 \
  "$work/scoring" | tee -a "$out"
echo "results: $out"
