"""Per-user state kept in dicts, the way a Python Kafka consumer loop usually does it (the baseline).

Per user: event_count, unique event types, total purchase value and sessions (30-minute gap).
Events that do not parse or miss a field are counted as invalid (and dropped: the usual loop logs them).
"""
import json
from datetime import datetime

SESSION_GAP_S = 30 * 60
TYPES = {"page_view", "click", "add_to_cart", "purchase"}


class UserState:
    __slots__ = ("event_count", "types", "total_value", "sessions", "last_ts")

    def __init__(self):
        self.event_count = 0
        self.types = set()
        self.total_value = 0.0
        self.sessions = 0
        self.last_ts = None


class Dicts:
    def __init__(self):
        self.users = {}
        self.valid = 0
        self.invalid = 0

    def process(self, raw):
        try:
            e = json.loads(raw)
            user = e["user_id"]
            etype = e["event_type"]
            ts = datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00")).timestamp()
            if not isinstance(user, int) or etype not in TYPES:
                raise ValueError("bad field")
            amount = 0.0
            if etype == "purchase":
                amount = float(e["event_data"]["amount"])
                if amount < 0:
                    raise ValueError("negative amount")
        except (ValueError, KeyError, TypeError, AttributeError):
            self.invalid += 1
            return
        s = self.users.get(user)
        if s is None:
            s = self.users[user] = UserState()
        s.event_count += 1
        s.types.add(etype)
        s.total_value += amount
        if s.last_ts is None or ts - s.last_ts > SESSION_GAP_S:
            s.sessions += 1
        s.last_ts = ts
        self.valid += 1

    def summary(self, seconds):
        n = self.valid + self.invalid
        return {"events_in": n, "valid": self.valid, "invalid": self.invalid, "users": len(self.users),
                "seconds": round(seconds, 3), "throughput_eps": round(n / seconds) if seconds > 0 else None}
