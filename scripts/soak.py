#!/usr/bin/env python3
"""Load driver of scripts/soak (issue #17 point 9): mixed traffic against one `sitegen serve`,
one table row per minute, and the verdict. Standard library only.

  soak.py drive   --port P --pid PID --db DB --key KEY --minutes N --out RESULT.json
  soak.py verdict --result RESULT.json --db DB --exit-status S

`drive` runs the traffic and prints, each minute: requests answered, unexpected answers, the
server's resident memory (VmRSS), its open descriptors (median of one sample a second), the
database's size (file + WAL) and the p99 latency of that minute's requests; it sends SIGHUP
halfway through every minute. It writes every acknowledged conversion (decision id, goal) to
RESULT.json. `verdict` compares them with the `conversions` table and prints PASS/FAIL lines.

The mix (weights in MIX): new visitors (no cookie, varied User-Agents), returning visitors (a
cookie from an earlier answer), conversions (`POST /luna/_convert` with a visitor's cookie; 200 is
an acknowledgement, `"duplicate": false` a new row), API calls with the key (select then update,
models, metrics), bad requests (garbage, oversized heads, unknown paths, bad JSON), and a few slow
clients that trickle a header byte every few seconds (the server's header deadline closes them).
Every simulated visitor has its own X-Forwarded-For address (the server trusts the last element
from a loopback peer), so the per-client conversion limit does not turn the mix into 429s.
"""
import argparse
import collections
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import sys
import threading
import time

SITE = "luna"
GOALS_CONVERT = ["reserve"]
USER_AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.5.0",
]
MIX = [  # (operation, weight)
    ("new", 30), ("returning", 35), ("convert", 10),
    ("select_update", 6), ("models", 2), ("metrics", 2),
    ("garbage", 3), ("oversized", 2), ("unknown_path", 4), ("bad_json", 3),
    ("bad_json_api", 3),
]


class Stats:
    """Per-minute counters, shared by the workers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()
        self.acked = set()          # (decision id, goal) answered 200 with duplicate false
        self.acked_duplicates = 0
        self.error_examples = collections.Counter()
        self.totals = collections.Counter()

    def reset(self):
        self.requests = 0
        self.errors = 0
        self.latencies = []
        self.kinds = collections.Counter()

    def record(self, kind, latency, ok, detail=""):
        with self.lock:
            self.requests += 1
            self.kinds[kind] += 1
            self.totals[kind] += 1
            if latency is not None:
                self.latencies.append(latency)
            if not ok:
                self.errors += 1
                self.totals["errors"] += 1
                self.error_examples[f"{kind}: {detail}"[:160]] += 1

    def take(self):
        with self.lock:
            snapshot = (self.requests, self.errors, self.latencies, self.kinds)
            self.reset()
            return snapshot


class CookiePool:
    """Cookies from new visitors' answers, for returning visitors and conversions."""

    def __init__(self, size=5000):
        self.lock = threading.Lock()
        self.items = collections.deque(maxlen=size)

    def add(self, item):
        with self.lock:
            self.items.append(item)

    def pick(self):
        with self.lock:
            return random.choice(self.items) if self.items else None


def random_ip():
    return "10.%d.%d.%d" % (random.randrange(256), random.randrange(256), random.randrange(1, 255))


class Worker(threading.Thread):
    def __init__(self, args, stats, pool, stop, rate):
        super().__init__(daemon=True)
        self.args, self.stats, self.pool, self.stop, self.rate = args, stats, pool, stop, rate
        self.conn = None
        self.ops = [op for op, _ in MIX]
        self.weights = [w for _, w in MIX]

    # --- HTTP over one kept-alive connection -------------------------------------------------
    def request(self, method, path, headers=None, body=None):
        """(status, headers, body, seconds); reconnects once if the kept-alive connection was closed."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=15)
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - start
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status, response.headers, data, elapsed
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                self.conn.close()
                self.conn = None
                # A kept-alive connection the server closed between requests: try a fresh one.
                if attempt == 1:
                    raise error
        raise AssertionError("unreachable")

    def raw(self, payload, shutdown_write=False):
        """Sends bytes on a fresh socket; (status or None, seconds, reset?)."""
        start = time.perf_counter()
        with socket.create_connection(("127.0.0.1", self.args.port), timeout=15) as sock:
            reset = False
            data = b""
            try:
                sock.sendall(payload)
                if shutdown_write:
                    sock.shutdown(socket.SHUT_WR)
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except (ConnectionResetError, BrokenPipeError):
                reset = True
            elapsed = time.perf_counter() - start
        status = None
        if data.startswith(b"HTTP/1."):
            try:
                status = int(data.split(b" ", 2)[1])
            except (IndexError, ValueError):
                status = None
        return status, elapsed, reset

    # --- operations ----------------------------------------------------------------------------
    def visitor_headers(self, ip=None):
        return {"User-Agent": random.choice(USER_AGENTS), "X-Forwarded-For": ip or random_ip(),
                "Accept-Encoding": random.choice(["gzip", "identity"])}

    def op_new(self):
        ip = random_ip()
        status, headers, _, elapsed = self.request("GET", f"/{SITE}/", self.visitor_headers(ip))
        ok = status in (200, 302)
        cookie = None
        for value in headers.get_all("Set-Cookie") or []:
            if value.startswith(f"sg_{SITE}="):
                cookie = value.split(";")[0]
        if ok and cookie:
            self.pool.add((cookie, ip))
        self.stats.record("new", elapsed, ok, f"status {status}, cookie {bool(cookie)}")

    def op_returning(self):
        item = self.pool.pick()
        if item is None:
            return self.op_new()
        cookie, ip = item
        headers = self.visitor_headers(ip)
        headers["Cookie"] = cookie
        status, response_headers, _, elapsed = self.request("GET", f"/{SITE}/", headers)
        # A returning visitor keeps its assignment: no new cookie.
        renewed = any(v.startswith(f"sg_{SITE}=") for v in response_headers.get_all("Set-Cookie") or [])
        self.stats.record("returning", elapsed, status in (200, 302) and not renewed,
                          f"status {status}, new cookie {renewed}")

    def op_convert(self):
        item = self.pool.pick()
        if item is None:
            return self.op_new()
        cookie, ip = item
        goal = random.choice(GOALS_CONVERT)
        headers = {"Cookie": cookie, "Content-Type": "application/json", "X-Forwarded-For": ip,
                   "User-Agent": random.choice(USER_AGENTS)}
        status, _, body, elapsed = self.request("POST", f"/{SITE}/_convert", headers,
                                                json.dumps({"goal": goal}))
        ok = status == 200
        if ok:
            answer = json.loads(body)
            decision = cookie.split("=", 1)[1].split(".")[1]
            with self.stats.lock:
                if answer.get("duplicate"):
                    self.stats.acked_duplicates += 1
                else:
                    self.stats.acked.add((decision, goal))
        self.stats.record("convert", elapsed, ok, f"status {status} {body[:80]!r}")

    def api_headers(self):
        return {"Authorization": f"Bearer {self.args.key}", "Content-Type": "application/json"}

    def op_select_update(self):
        status, _, body, elapsed = self.request("POST", "/ml/bandit/select", self.api_headers(),
                                                json.dumps({"experimentId": SITE}))
        self.stats.record("select", elapsed, status == 200, f"status {status} {body[:80]!r}")
        if status != 200:
            return
        decision = json.loads(body)
        status, _, body, elapsed = self.request(
            "POST", "/ml/bandit/update", self.api_headers(),
            json.dumps({"decisionId": decision["decisionId"], "experimentId": SITE,
                        "variantId": decision["variantId"], "converted": True}))
        ok = status == 200
        if ok:
            answer = json.loads(body)
            with self.stats.lock:
                if answer.get("duplicate"):
                    self.stats.acked_duplicates += 1
                else:
                    # Without `goal`, the update credits the site's first goal (luna: reserve).
                    self.stats.acked.add((decision["decisionId"], self.args.first_goal))
        self.stats.record("update", elapsed, ok, f"status {status} {body[:80]!r}")

    def op_models(self):
        status, _, body, elapsed = self.request("GET", "/ml/models", self.api_headers())
        self.stats.record("models", elapsed, status == 200, f"status {status} {body[:80]!r}")

    def op_metrics(self):
        status, _, body, elapsed = self.request("GET", "/metrics", self.api_headers())
        self.stats.record("metrics", elapsed, status == 200, f"status {status} {body[:80]!r}")

    def op_garbage(self):
        payload = bytes(random.randrange(256) for _ in range(random.randrange(16, 512))) + b"\r\n\r\n"
        status, elapsed, reset = self.raw(payload)
        # Unreadable bytes: an error status and a closed connection, or (bytes the parser cannot
        # even frame) just the close.
        ok = status in (None, 400, 501, 505)
        self.stats.record("garbage", None, ok, f"status {status} reset {reset}")

    def op_oversized(self):
        filler = "".join(f"X-Filler-{i}: {'a' * 100}\r\n" for i in range(850))  # ~95 KiB
        payload = f"GET /{SITE}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{filler}\r\n".encode()
        status, elapsed, reset = self.raw(payload, shutdown_write=True)
        # 431 and close; the close may come as a reset before the answer is read (unread bytes).
        self.stats.record("oversized", None, status == 431 or (status is None and reset),
                          f"status {status} reset {reset}")

    def op_unknown_path(self):
        path = random.choice(["/nope/", f"/{SITE}/no-such-page/", "/wp-login.php", f"/{SITE}/assets/x.css",
                              f"/{SITE}/%2e%2e/%2e%2e/etc/passwd"])
        status, _, body, elapsed = self.request("GET", path, self.visitor_headers())
        self.stats.record("unknown_path", elapsed, status == 404, f"{path} status {status}")

    def op_bad_json(self):
        item = self.pool.pick()
        headers = {"Content-Type": "application/json", "X-Forwarded-For": random_ip()}
        if item:
            headers["Cookie"] = item[0]
            headers["X-Forwarded-For"] = item[1]
        body = random.choice(['{"goal": ', "not json", '{"goal": "no-such-goal"}', "[1,2,3]", '{"goal": 5}'])
        status, _, answer, elapsed = self.request("POST", f"/{SITE}/_convert", headers, body)
        # 400 for the body; 401 when the check of the cookie comes first (no cookie yet).
        self.stats.record("bad_json", elapsed, status in (400, 401), f"{body!r} status {status}")

    def op_bad_json_api(self):
        body = random.choice(['{"experimentId": ', '{"experimentId": "luna", "context": {"hour": 99}}', "{}"])
        status, _, answer, elapsed = self.request("POST", "/ml/bandit/select", self.api_headers(), body)
        self.stats.record("bad_json_api", elapsed, status == 400, f"{body!r} status {status}")

    def run(self):
        interval = 1.0 / self.rate
        next_at = time.perf_counter()
        while not self.stop.is_set():
            op = random.choices(self.ops, self.weights)[0]
            try:
                getattr(self, "op_" + op)()
            except Exception as error:  # noqa: BLE001 - every failure is an unexpected answer
                if self.conn is not None:
                    self.conn.close()
                    self.conn = None
                self.stats.record(op, None, False, f"{type(error).__name__}: {error}")
            next_at += interval
            pause = next_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            else:
                next_at = time.perf_counter()  # behind: do not burst to catch up


class SlowClient(threading.Thread):
    """Keeps one socket that sends a request head a byte every few seconds; reopens when closed."""

    def __init__(self, args, stop, counts):
        super().__init__(daemon=True)
        self.args, self.stop, self.counts = args, stop, counts

    def run(self):
        head = f"GET /{SITE}/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowpoke\r\n\r\n".encode()
        while not self.stop.is_set():
            try:
                sock = socket.create_connection(("127.0.0.1", self.args.port), timeout=5)
            except OSError:
                self.stop.wait(1)
                continue
            opened = time.monotonic()
            closed_by_server = False
            try:
                for i in range(len(head)):
                    if self.stop.wait(3):
                        break
                    sock.sendall(head[i:i + 1])
                    sock.setblocking(False)
                    try:
                        if sock.recv(4096) == b"":
                            closed_by_server = True
                            break
                    except BlockingIOError:
                        pass
                    finally:
                        sock.setblocking(True)
            except OSError:
                closed_by_server = True
            finally:
                sock.close()
            if closed_by_server:
                with self.counts["lock"]:
                    self.counts["closed"] += 1
                    self.counts["held"].append(time.monotonic() - opened)


def p99(latencies):
    if not latencies:
        return float("nan")
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def db_bytes(db):
    return sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))


def drive(args):
    stats, pool, stop = Stats(), CookiePool(), threading.Event()
    slow = {"lock": threading.Lock(), "closed": 0, "held": []}
    workers = [Worker(args, stats, pool, stop, args.rate / args.workers) for _ in range(args.workers)]
    slow_clients = [SlowClient(args, stop, slow) for _ in range(args.slow_clients)]
    for thread in workers + slow_clients:
        thread.start()

    rows = []
    print(f"soak: {args.minutes} min against pid {args.pid} on port {args.port}: {args.workers} "
          f"workers at ~{args.rate:.0f} requests/s in all, {args.slow_clients} slow clients, SIGHUP "
          f"every minute", flush=True)
    header = f"{'min':>4} {'requests':>9} {'errors':>7} {'RSS MiB':>8} {'fds':>5} {'db MiB':>8} {'p99 ms':>8}  notes"
    print(header, flush=True)
    start = time.monotonic()
    for minute in range(1, args.minutes + 1):
        end = start + 60 * minute
        hup_at = end - 30
        hup_sent = False
        fd_samples = []
        while True:
            now = time.monotonic()
            if now >= end:
                break
            if not hup_sent and now >= hup_at:
                os.kill(args.pid, signal.SIGHUP)
                hup_sent = True
            try:
                fd_samples.append(open_fds(args.pid))
            except FileNotFoundError:
                print("soak: the server exited", file=sys.stderr, flush=True)
                stop.set()
                sys.exit(2)
            time.sleep(min(1.0, max(0.0, end - time.monotonic())))
        requests, errors, latencies, kinds = stats.take()
        with slow["lock"]:
            slow_closed, held = slow["closed"], slow["held"]
            slow["closed"], slow["held"] = 0, []
        row = {
            "minute": minute, "requests": requests, "errors": errors, "rss_kib": rss_kib(args.pid),
            "fds": statistics.median(fd_samples), "fds_min": min(fd_samples), "fds_max": max(fd_samples),
            "db_bytes": db_bytes(args.db), "p99_ms": p99(latencies) * 1000,
        }
        rows.append(row)
        held_note = f", held {statistics.median(held):.0f} s" if held else ""
        print(f"{minute:>4} {requests:>9} {errors:>7} {row['rss_kib'] / 1024:>8.1f} {row['fds']:>5.0f} "
              f"{row['db_bytes'] / 1048576:>8.2f} {row['p99_ms']:>8.2f}  fds {row['fds_min']}-{row['fds_max']}, "
              f"slow clients closed {slow_closed}{held_note}, SIGHUP sent", flush=True)
    stop.set()
    for thread in workers:
        thread.join(timeout=20)

    with stats.lock:
        acked = sorted(stats.acked)
        duplicates = stats.acked_duplicates
    print(f"soak: operations {dict(sorted(stats.totals.items()))}", flush=True)
    print(f"soak: acknowledged conversions: {len(acked)} new, {duplicates} duplicates", flush=True)
    if stats.error_examples:
        print("soak: unexpected answers (most common first):", flush=True)
        for example, count in stats.error_examples.most_common(10):
            print(f"  {count:>6} x {example}", flush=True)
    with open(args.out, "w") as out:
        json.dump({"rows": rows, "acked": acked, "duplicates": duplicates}, out)


def verdict(args):
    result = json.load(open(args.result))
    rows, acked = result["rows"], [tuple(a) for a in result["acked"]]
    failed = False

    def line(ok, text):
        nonlocal failed
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'}  {text}", flush=True)

    line(args.exit_status == 0, f"exit status after SIGTERM: {args.exit_status}")
    base_index = min(3, len(rows)) - 1
    base = rows[base_index]
    later = rows[base_index:]
    rss = [r["rss_kib"] for r in later]
    worst = max(abs(v - base["rss_kib"]) / base["rss_kib"] for v in rss)
    line(worst <= 0.10, f"memory flat after warm-up: minutes {base_index + 1}..{len(rows)} RSS "
         f"{min(rss) / 1024:.1f}-{max(rss) / 1024:.1f} MiB, at most {worst * 100:.1f}% from minute "
         f"{base_index + 1}'s {base['rss_kib'] / 1024:.1f} MiB (limit 10%)")
    fds = [r["fds"] for r in later]
    # On a few dozen descriptors 10% is two or three sockets: the tolerance is at least 3.
    tolerance = max(0.10 * base["fds"], 3)
    worst_fd = max(abs(v - base["fds"]) for v in fds)
    line(worst_fd <= tolerance, f"descriptors flat after warm-up: minutes {base_index + 1}..{len(rows)} "
         f"{min(fds):.0f}-{max(fds):.0f} (median of 1 s samples), at most {worst_fd:.0f} from minute "
         f"{base_index + 1}'s {base['fds']:.0f} (limit max(10%, 3) = {tolerance:.1f})")
    first = rows[0]["p99_ms"]
    worst_p99 = max(r["p99_ms"] for r in rows)
    line(worst_p99 <= 2 * first, f"p99 within 2x of minute 1's {first:.2f} ms: worst {worst_p99:.2f} ms")
    errors = sum(r["errors"] for r in rows)
    line(errors == 0, f"unexpected answers: {errors} of {sum(r['requests'] for r in rows)} requests")
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as db:
        stored = set(db.execute("SELECT decision_id, goal FROM conversions"))
    missing = [a for a in acked if a not in stored]
    line(not missing, f"acknowledged conversions in the database: {len(acked) - len(missing)} of "
         f"{len(acked)} (conversions table: {len(stored)} rows)"
         + (f"; missing e.g. {missing[:3]}" if missing else ""))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("drive")
    d.add_argument("--port", type=int, required=True)
    d.add_argument("--pid", type=int, required=True)
    d.add_argument("--db", required=True)
    d.add_argument("--key", required=True)
    d.add_argument("--minutes", type=int, default=10)
    d.add_argument("--out", required=True)
    d.add_argument("--rate", type=float, default=float(os.environ.get("SOAK_RATE", 300)))
    d.add_argument("--workers", type=int, default=int(os.environ.get("SOAK_WORKERS", 8)))
    d.add_argument("--slow-clients", type=int, default=4)
    d.add_argument("--first-goal", default="reserve")
    v = sub.add_parser("verdict")
    v.add_argument("--result", required=True)
    v.add_argument("--db", required=True)
    v.add_argument("--exit-status", type=int, required=True)
    args = parser.parse_args()
    if args.command == "drive":
        drive(args)
        return 0
    return verdict(args)


if __name__ == "__main__":
    sys.exit(main())
