#!/usr/bin/env python3
"""The measurements behind scripts/bench: each row compares ours with a
baseline measured in the same run, on the real release server, with wrk as
the load generator. Writes BENCHMARKS.md and prints the table.

usage: scripts/benchmarks/bench.py SERVER_BIN SITE_ROOT OUT_MD [--postgres URL [--pgbench BIN]] [--lighthouse DIR]
                                  [--baseline-bin BIN --baseline-site SITE_ROOT]
"""
import concurrent.futures
import glob
import http.cookiejar
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "a long benchmark passphrase"


def median_by(rounds, side, key):
    """The middle one of `rounds[i][side]` ordered by `key` (a whole wrk
    result, so its other figures stay with it)."""
    ordered = sorted((r[side] for r in rounds), key=lambda result: result[key])
    return ordered[len(ordered) // 2]


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """The release binary on a fresh database, trusting 127.0.0.1 as a proxy
    (the load generators name many client addresses)."""

    def __init__(self, binary, site_root, database_url=None, ready="/readyz"):
        self.dir = tempfile.mkdtemp(prefix="bench-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.mail = os.path.join(self.dir, "mail")
        self.database_url = database_url or f"sqlite://{self.dir}/bench.db?mode=rwc"
        self.env = dict(os.environ, DATABASE_URL=self.database_url, MAIL_DIR=self.mail,
                        LEPTOS_SITE_ADDR=f"127.0.0.1:{self.port}", LEPTOS_SITE_ROOT=site_root,
                        RUST_LOG="error", TRUSTED_PROXIES="127.0.0.1")
        self.binary = binary
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen([binary], env=self.env, stdout=self.log, stderr=self.log)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + ready, timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the server did not start; see {self.log.name}")

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def cli(self, *args, stdin=None):
        out = subprocess.run([self.binary, *args], env=self.env, input=stdin, capture_output=True,
                             text=True, check=True)
        return out.stdout.strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def wrk(url, connections=64, seconds=10, threads=2, script=None, args=(), headers=()):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", os.path.join(HERE, "lua", script)]
    cmd.append(url)
    if args:
        cmd += ["--", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        lat[int(pct)] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": lat.get(50), "p99": lat.get(99),
            "non2xx": int(errors.group(1)) if errors else 0, "raw": out}


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def post(op, url, fields, client_ip):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(url, data=data, headers={
        "Accept": "application/json", "X-Forwarded-For": client_ip})
    try:
        with op.open(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def code_in_mail(mail_dir, email):
    for _ in range(600):
        for path in sorted(glob.glob(os.path.join(mail_dir, "*.eml")), key=os.path.getmtime, reverse=True):
            text = open(path, encoding="utf-8", errors="replace").read()
            if re.search(rf"^To: {re.escape(email)}\s*$", text, re.M | re.I):
                m = re.search(r"^Subject: .*?(\d{6})", text, re.M)
                if m:
                    return m.group(1)
        time.sleep(0.05)
    raise SystemExit(f"no code mailed to {email}")


def sign_up(server, i):
    """A merchant through the real signup (code read from the mail); returns
    the logged-in opener and its session cookie."""
    op, jar = opener()
    email = f"bench{i}@example.com"
    ip = f"10.200.{i // 250}.{i % 250 + 1}"
    status, body = post(op, server.base + "/api/send_code", {"email": email}, ip)
    assert status == 200, (status, body)
    code = code_in_mail(server.mail, email)
    status, body = post(op, server.base + "/api/signup", {
        "input[email]": email, "input[code]": code, "input[password]": PASSWORD,
        "input[confirm_password]": PASSWORD, "input[accept_terms]": "true"}, ip)
    assert status == 200, (status, body)
    cookie = next(f"{c.name}={c.value}" for c in jar)
    return op, cookie, ip


def save_draft(server, op, ip, version=0):
    status, body = post(op, server.base + "/api/save_draft", {
        "input[version]": str(version), "input[step]": "details", "input[role_selected]": "true",
        "input[details][company_name]": "Bench Co"}, ip)
    assert status == 200, (status, body)
    return json.loads(body)["version"]


def draft_version(server, op, ip):
    req = urllib.request.Request(server.base + "/api/my_application",
                                 headers={"Accept": "application/json", "X-Forwarded-For": ip})
    with op.open(req, timeout=60) as r:
        return json.loads(r.read())["Draft"]["version"]


def merchants(server, n):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda i: sign_up(server, i), range(n)))


def reviewer(server, email="reviewer@example.com"):
    server.cli("create-reviewer", "--email", email, "--password-stdin", stdin=PASSWORD + "\n")
    op, jar = opener()
    status, body = post(op, server.base + "/api/login",
                        {"input[email]": email, "input[password]": PASSWORD}, "10.250.0.1")
    assert status == 200, (status, body)
    return next(f"{c.name}={c.value}" for c in jar)


def seed_applications(db_path, n, start):
    """Applications in review straight into SQLite (through the API each
    would take a signup)."""
    con = sqlite3.connect(db_path)
    now = int(time.time())
    users = [(f"seed{i}@example.com", "x", "merchant", now, now) for i in range(start, start + n)]
    con.executemany("insert into users (email, password_hash, role, created_at, updated_at) "
                    "values (?, ?, ?, ?, ?)", users)
    ids = [r[0] for r in con.execute(
        "select id from users where email like 'seed%' order by id desc limit ?", (n,))]
    cols = [r[1] for r in con.execute("pragma table_info(applications)")]
    row = {"status": "in_review", "step": "review", "role_selected": 1, "company_name": "Seeded Co",
           "country": "SG", "logo_color": 0, "version": 1, "created_at": now, "updated_at": now,
           "submitted_at": now, "due_at": now + 172800}
    names = [c for c in row if c in cols]
    con.executemany(
        f"insert into applications (user_id, {', '.join(names)}) values (?{', ?' * len(names)})",
        [(uid, *[row[c] for c in names]) for uid in ids])
    con.commit()
    con.close()


def lighthouse(tool_dir, url, runs=3):
    scores = []
    for _ in range(runs):
        out = os.path.join(tempfile.mkdtemp(), "lh.json")
        subprocess.run([os.path.join(tool_dir, "node_modules/.bin/lighthouse"), url, "--quiet",
                        "--chrome-flags=--headless=new --no-sandbox", "--output=json",
                        f"--output-path={out}"], env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
                       check=True, capture_output=True)
        cats = json.load(open(out))["categories"]
        scores.append({k: round(cats[k]["score"] * 100) for k in
                       ("performance", "accessibility", "best-practices")})
    return {k: statistics.median(s[k] for s in scores) for k in scores[0]}


def served_bytes(base, path, encoding="br, gzip"):
    req = urllib.request.Request(base + path, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(req) as r:
        return len(r.read()), r.headers.get("Content-Encoding"), r.headers.get("Cache-Control")


def first_visit(base, page):
    """Bytes a first visit transfers: the page and every asset it names, as served."""
    html_len, _, _ = served_bytes(base, page)
    with urllib.request.urlopen(base + page) as r:
        html = r.read().decode()
    assets = set(re.findall(r'(?:href|src)="(/pkg/[^"]+)"', html))
    assets |= set(re.findall(r"(/pkg/[^\"' )]+\.(?:js|wasm))", html))
    # The JS modules those import statically (the split loader): the browser fetches them too.
    for script in [a for a in assets if a.endswith(".js")]:
        with urllib.request.urlopen(base + script) as r:
            text = r.read().decode()
        assets |= {"/pkg/" + name for name in re.findall(r'from\s*"\./([^"]+\.js)"', text)}
    sizes = {a: served_bytes(base, a) for a in sorted(assets)}
    return html_len + sum(s[0] for s in sizes.values()), sizes


def draft_row(server, accounts, versions, database, row, pause_ms=200, alone=None):
    """p99 of draft saves by 100 logged-in merchants at once, each saving
    again a random 0 to 2 x PAUSE_MS after each answer (a merchant's
    autosave comes every few seconds at most, and merchants are not in step), against /healthz's p99 under the same paced
    connections. The saturated figure (every merchant saving back to back,
    so the p99 is mostly queueing) is reported beside it, and `alone(rate)`'s
    text when given (what the database alone takes at the same rate)."""
    cookies = os.path.join(server.dir, "cookies.txt")

    def write_cookies():
        with open(cookies, "w") as f:
            f.write("".join(f"{a[1]}\t{v}\n" for a, v in zip(accounts, versions)))

    write_cookies()
    saturated = wrk(server.base + "/api/save_draft", connections=len(accounts), threads=len(accounts),
                    seconds=10, script="draft.lua", args=(cookies,))
    # The saturated run moved every draft on; pick up each one's version.
    versions[:] = [draft_version(server, a[0], a[2]) for a in accounts]
    # Three rounds of saves then /healthz, 5 s each; the median p99 of each.
    rounds = []
    for _ in range(3):
        write_cookies()
        drafts = wrk(server.base + "/api/save_draft", connections=len(accounts), threads=len(accounts),
                     seconds=5, script="draft.lua", args=(cookies, str(pause_ms)))
        versions[:] = [draft_version(server, a[0], a[2]) for a in accounts]
        under = wrk(server.base + "/healthz", connections=len(accounts), threads=len(accounts), seconds=5,
                    script="paced.lua", args=(str(pause_ms),))
        rounds.append((drafts, under))
    # A refused save in any round fails the row, not just in the median one.
    refused = sum(d["non2xx"] for d, _ in rounds)
    drafts = median_by(rounds, 0, "p99")
    under = median_by(rounds, 1, "p99")
    r = drafts["p99"] / under["p99"]
    beside = f"; {alone(drafts['rps'])}" if alone else ""
    row(f"draft save p99, {len(accounts)} merchants at once, each saving every {pause_ms} ms on average, median of 3 × 5 s ({database})",
        "/healthz p99, same paced connections",
        f"{under['p99']:.2f} ms", f"{drafts['p99']:.2f} ms ({drafts['rps']:,.0f} saves/s, {refused} non-2xx in all rounds; "
        f"saturated: p99 {saturated['p99']:.0f} ms at {saturated['rps']:,.0f} saves/s{beside})",
        "≤ 5×", r, r <= 5 and refused == 0)


def postgres_alone(pgbench, pg_url, rate, clients=16, rows=100, rounds=3, seconds=5):
    """The draft row's floor on this machine: an UPDATE of one draft row by
    user id, as a save's, sent straight to PostgreSQL by pgbench (C,
    prepared statements) at the same total rate from as many clients as the
    app's PostgreSQL pool holds (16, app/src/backend/db.rs), each its own
    committed transaction: no HTTP, no app. Each client's first
    transactions (a new backend's cold caches) and pgbench's own schedule
    lag are left out; the median p99 of three rounds."""
    psql = os.path.join(os.path.dirname(pgbench), "psql")
    subprocess.run([psql, pg_url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                    "drop table if exists bench_alone; "
                    "create table bench_alone (user_id bigint primary key, status text not null, "
                    "step text, company_name text, version bigint not null, updated_at bigint); "
                    f"insert into bench_alone select i, 'draft', 'details', 'Bench Co', 1, 0 "
                    f"from generate_series(1, {rows}) i"], check=True, capture_output=True)
    work = tempfile.mkdtemp(prefix="bench-alone-")
    script = os.path.join(work, "save.sql")
    with open(script, "w") as f:
        f.write(f"\\set uid random(1, {rows})\n"
                "update bench_alone set step = 'details', company_name = 'Bench Co ' || :uid, "
                "version = version + 1, updated_at = 1 where user_id = :uid and status = 'draft' "
                "returning version;\n")
    p99s = []
    for _ in range(rounds):
        for old in glob.glob(os.path.join(work, "pgbench_log.*")):
            os.remove(old)
        subprocess.run([pgbench, "-n", "-c", str(clients), "-j", "2", "-R", f"{rate:.0f}", "-T", str(seconds),
                        "-M", "prepared", "-l", "-f", script, pg_url],
                       cwd=work, check=True, capture_output=True)
        times = []
        for log in glob.glob(os.path.join(work, "pgbench_log.*")):
            with open(log) as lines:
                for line in lines:
                    f = line.split()
                    if int(f[1]) >= 3:
                        times.append((int(f[2]) - int(f[-1])) / 1000)
        times.sort()
        p99s.append(times[int(len(times) * 0.99)])
    subprocess.run([psql, pg_url, "-q", "-c", "drop table bench_alone"], capture_output=True)
    return f"PostgreSQL alone, the same UPDATE from pgbench at that rate and {clients} clients: p99 {sorted(p99s)[len(p99s) // 2]:.2f} ms"


def main():
    binary, site_root, out_md = sys.argv[1:4]
    opts = dict(zip(sys.argv[4::2], sys.argv[5::2]))
    cores = os.cpu_count()
    rows = []

    def row(metric, baseline_label, baseline, ours, target_label, ratio, passed):
        rows.append((metric, baseline_label, baseline, ours, ratio, target_label, passed))
        print(f"{metric}: {ours} vs {baseline} -> {ratio:.2f}x ({'pass' if passed else 'FAIL'})", flush=True)

    server = Server(binary, site_root)
    try:
        time.sleep(1)
        idle_rss = server.rss_mb()

        # Memory after 1,000 sessions and drafts and 200 logins, first, on the
        # fresh server: the floods of the rows below would be counted too.
        accounts = merchants(server, 1000)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            versions = list(pool.map(lambda a: save_draft(server, a[0], a[2]), accounts))
            def login_once(i):
                op, _ = opener()
                password = PASSWORD if i % 2 == 0 else "a wrong guess"
                post(op, server.base + "/api/login", {"input[email]": f"bench{i}@example.com",
                                                     "input[password]": password}, f"10.201.{i // 250}.{i % 250 + 1}")
            list(pool.map(login_once, range(200)))
        time.sleep(2)
        after = server.rss_mb()
        r = after / idle_rss
        row("resident memory after 1,000 sessions, 1,000 drafts, 200 logins", "idle after start",
            f"{idle_rss:.1f} MB", f"{after:.1f} MB", "≤ 1.5× and ≤ 100 MB", r, r <= 1.5 and after <= 100)

        # Assets as served, against the bare Leptos app (scripts/benchmarks/baseline).
        total, sizes = first_visit(server.base, "/signup")
        # The main module; with `--split`, each screen's chunks are listed too.
        main_wasm = next(s for a, s in sizes.items() if a.endswith(".wasm") and "/pkg/onboarding" in a)
        print(f"/signup first visit: {sizes}", flush=True)
        if "--baseline-bin" in opts:
            bare = Server(opts["--baseline-bin"], opts["--baseline-site"], ready="/")
            try:
                bare_total, bare_sizes = first_visit(bare.base, "/")
            finally:
                bare.stop()
            bare_wasm = next(s for a, s in bare_sizes.items() if a.endswith(".wasm"))
            r = main_wasm[0] / bare_wasm[0]
            row("main .wasm as served", "the bare Leptos app's .wasm", f"{bare_wasm[0]:,} B ({bare_wasm[1]})",
                f"{main_wasm[0]:,} B ({main_wasm[1]}; {main_wasm[2]})", "≤ 2.0×", r, r <= 2.0)
            r = total / bare_total
            row("first visit to /signup, bytes as served (HTML, CSS, JS, wasm)", "the bare app's home page",
                f"{bare_total:,} B", f"{total:,} B ({len(sizes)} files)", "≤ 2.0×", r, r <= 2.0)
        else:
            rows.append(("main .wasm as served", "—", "—", f"{main_wasm[0]:,} B ({main_wasm[1]})", None,
                         "≤ 2.0× a bare Leptos app", None))
            rows.append(("first visit to /signup, bytes as served", "—", "—", f"{total:,} B", None,
                         "≤ 2.0× a bare Leptos app", None))

        # One connection: a page against the cheapest answer.
        health1 = wrk(server.base + "/healthz", connections=1, threads=1, seconds=5)
        login1 = wrk(server.base + "/login", connections=1, threads=1, seconds=5)
        r = login1["p50"] / health1["p50"]
        row("GET /login latency, 1 connection, median", "GET /healthz", f"{health1['p50']:.3f} ms",
            f"{login1['p50']:.3f} ms", "≤ 10×", r, r <= 10)

        # Throughput, 64 connections: three rounds, each page right after its
        # baseline, and the median of each (a single 10 s pair moved by a
        # third between runs on this shared machine).
        rounds = [(wrk(server.base + "/healthz", seconds=5), wrk(server.base + "/login", seconds=5))
                  for _ in range(3)]
        health = median_by(rounds, 0, "rps")
        login = median_by(rounds, 1, "rps")
        r = login["rps"] / health["rps"]
        # An anonymous /login is answered from memory (server/src/page_cache.rs);
        # what a render costs, and what a browser's compression adds, beside it.
        rendered = wrk(server.base + "/login?from=bench", seconds=5)
        compressed = wrk(server.base + "/login", seconds=5, headers=["Accept-Encoding: br, gzip"])
        row("SSR GET /login req/s, 64 connections, median of 3 × 5 s", "GET /healthz", f"{health['rps']:,.0f}/s",
            f"{login['rps']:,.0f}/s (an anonymous visit, answered from memory; Brotli as a browser asks: "
            f"{compressed['rps']:,.0f}/s; rendered each time, as with a query string: {rendered['rps']:,.0f}/s)",
            "≥ 0.35×", r, r >= 0.35)

        # Logins: saturated successful logins against what the cores can hash.
        # Five rounds, each timing one hash right before and right after its
        # logins and taking the mean (one hash's time moved from 17 to 37 ms
        # within minutes on this machine, so a time taken on one side only
        # put the whole drift on that side); the median round is reported.
        reviewer(server, "login-bench@example.com")
        rounds = []
        for _ in range(5):
            before = float(server.cli("measure-hash"))
            logins = wrk(server.base + "/api/login", connections=16, seconds=5, script="login.lua",
                         args=("right", "login-bench%40example.com", PASSWORD.replace(" ", "+")))
            hash_ms = (before + float(server.cli("measure-hash"))) / 2
            ok_rps = logins["rps"] * (1 - logins["non2xx"] / max(1, logins["rps"] * 5))
            rounds.append((hash_ms, ok_rps, ok_rps / (cores / (hash_ms / 1000))))
        hash_ms, ok_rps, r = sorted(rounds, key=lambda x: x[2])[2]
        # Beside the row: one hash's time with one running beside it per core
        # (slower than alone on this VM some days, not others).
        pair = [subprocess.Popen([binary, "measure-hash"], env=server.env, stdout=subprocess.PIPE, text=True)
                for _ in range(cores)]
        together = [float(p.communicate()[0]) for p in pair]
        row("successful logins/s, saturated (16 connections), median of 5 × 5 s",
            f"{cores} cores ÷ {hash_ms:.1f} ms per hash", f"{cores / (hash_ms / 1000):.1f}/s",
            f"{ok_rps:.1f}/s ({cores} hashes at once: {', '.join(f'{t:.1f}' for t in together)} ms each)",
            "≥ 0.9×", r, r >= 0.9)

        # /healthz stays quick while 200 wrong-password logins run: three
        # rounds of idle then flooded, and the median p99 of each (one idle
        # p99 read 3.1 ms in one run and 0.26 ms in the next). The probe is
        # paced (4 connections, each waiting 0-20 ms between requests), as a
        # health checker or a person is: a back-to-back probe is a load of
        # its own (~35,000 req/s, both cores busy with it and the server), so
        # its "idle" p99 is a saturated one and any other runnable thread, at
        # any priority, shows in it. That reading is kept beside the row.
        def probe(paced):
            if paced:
                return wrk(server.base + "/healthz", connections=4, seconds=5, script="paced.lua", args=("10",))
            return wrk(server.base + "/healthz", connections=4, seconds=5)

        def flooded(measure):
            flood = subprocess.Popen(["wrk", "-t2", "-c200", "-d10s", "--timeout", "30s", "-s",
                                      os.path.join(HERE, "lua", "login.lua"), server.base + "/api/login",
                                      "--", "wrong"], stdout=subprocess.DEVNULL)
            time.sleep(3)
            try:
                return measure()
            finally:
                flood.wait()

        rounds = [(probe(True), flooded(lambda: probe(True))) for _ in range(3)]
        idle = median_by(rounds, 0, "p99")
        busy = median_by(rounds, 1, "p99")
        closed_idle, closed_busy = probe(False), flooded(lambda: probe(False))
        # What any background CPU work does to /healthz on this machine: a
        # busy loop per core at the lowest priority Linux has (SCHED_IDLE),
        # no server work at all. The hashing pool runs at that priority too.
        loops = [subprocess.Popen(["chrt", "-i", "0", "sh", "-c", "while :; do :; done"])
                 for _ in range(cores)]
        try:
            time.sleep(0.5)
            loaded = probe(True)
        finally:
            for loop in loops:
                loop.kill()
        r = busy["p99"] / idle["p99"]
        row("/healthz p99 during 200 concurrent wrong-password logins, paced probe, median of 3 rounds",
            "/healthz p99 idle, same probe",
            f"{idle['p99']:.3f} ms", f"{busy['p99']:.3f} ms ({busy['rps']:,.0f} probes/s; with a SCHED_IDLE busy "
            f"loop per core instead of the logins: {loaded['p99']:.3f} ms; a back-to-back probe: "
            f"{closed_idle['p99']:.3f} ms idle, {closed_busy['p99']:.3f} ms flooded)", "≤ 3×", r, r <= 3)

        # Draft saves by 100 logged-in merchants at once.
        draft_row(server, accounts[:100], versions[:100], "SQLite", row)

        # The reviewer queue's first page at 1,000 and at 100,000 applications.
        cookie = reviewer(server, "queue-bench@example.com")
        db_path = server.database_url.split("sqlite://")[1].split("?")[0]
        queue_url = server.base + "/api/review_queue?status=in_review&search="
        seed_applications(db_path, 1000, 0)
        small = wrk(queue_url, connections=4, seconds=5, headers=[f"Cookie: {cookie}"])
        seed_applications(db_path, 99_000, 1000)
        large = wrk(queue_url, connections=4, seconds=5, headers=[f"Cookie: {cookie}"])
        r = large["p50"] / small["p50"]
        row("reviewer queue first page at 100,000 applications, median", "the same at 1,000",
            f"{small['p50']:.2f} ms", f"{large['p50']:.2f} ms", "≤ 2×", r,
            r <= 2 and large["non2xx"] == 0)
    finally:
        server.stop()

    pg_url = opts.get("--postgres")
    if pg_url:
        server = Server(binary, site_root, pg_url)
        try:
            accounts = merchants(server, 100)
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                versions = list(pool.map(lambda a: save_draft(server, a[0], a[2]), accounts))
            pgbench = opts.get("--pgbench")
            alone = (lambda rate: postgres_alone(pgbench, pg_url, rate, rows=len(accounts))) if pgbench else None
            draft_row(server, accounts, versions, "PostgreSQL", row, alone=alone)
        finally:
            server.stop()

    lh_dir = opts.get("--lighthouse")
    if lh_dir:
        server = Server(binary, site_root)
        try:
            for page in ("/signup", "/login"):
                s = lighthouse(lh_dir, server.base + page)
                ok = s["performance"] >= 95 and s["accessibility"] == 100 and s["best-practices"] == 100
                rows.append((f"Lighthouse 12 {page} (mobile, median of 3)", "—", "—",
                             f"performance {s['performance']:.0f}, accessibility {s['accessibility']:.0f}, "
                             f"best practices {s['best-practices']:.0f}", None, "≥ 95; 100; 100", ok))
                print(f"lighthouse {page}: {s}", flush=True)
        finally:
            server.stop()

    write(out_md, rows, cores)


def write(path, rows, cores):
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `scripts/bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{cores} cores ({platform_line()}). Every ratio compares with a baseline measured in the same run "
        "on the same release server; the machine is shared, so absolute figures vary between runs.",
        "",
        "| metric | baseline (same run) | baseline | ours | ratio | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for metric, blabel, base, ours, ratio, target, passed in rows:
        result = "—" if passed is None else ("pass" if passed else "**fail**")
        r = "—" if ratio is None else f"{ratio:.2f}×"
        lines.append(f"| {metric} | {blabel} | {base} | {ours} | {r} | {target} | {result} |")
    lines += ["", "Reproduce: `scripts/bench` (after `scripts/test` has installed the toolchain).", ""]
    notes = os.path.join(os.path.dirname(path), "BENCHMARKS.notes.md")
    if os.path.exists(notes):
        lines.append(open(notes).read())
    open(path, "w").write("\n".join(lines))
    print("\n".join(lines))


def platform_line():
    try:
        model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        model = "unknown CPU"
    return model


if __name__ == "__main__":
    main()
