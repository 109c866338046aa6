"""A long mixed load (issue 21): `make soak` (outside `make test`; loopback only).

Starts its own redis-server on a port the OS reports free (never the machine's shared one), gunicorn
(on a socket the OS picks),
a Celery worker and beat against a fresh PostgreSQL database (demo data + soak volunteers),
then runs, for `--minutes` (default 10), bounded asyncio clients (bench/load.py) that browse,
sign in and out, claim and release roles, log contributions, verify peers' work and pull the
API. During the run it restarts the worker once and kills/restarts its Redis once. Then it
checks the invariants and exits non-zero if one fails:

- no 5xx (and no connection error) on any request, including during the Redis outage;
- no overbooked seat, the seat counter equal to the claims and offers; every roll-up table
  equal to a full recompute (bench/soak_check.py);
- memory flat: each process's RSS grows < 10 % from its baseline (after the warm-up, or
  two minutes after the process started, whichever is later) to the end.

    .venv/bin/python bench/soak.py [--minutes 10] [--warmup 2] [--redis-port N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    admin_connection,
    assert_port_silent,
    db_url,
    free_port,
    listening_socket,
    manage,
    pct,
    recreate_database,
    server_env,
)
from bench.load import request  # noqa: E402

BASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "crowddo_bench_soak"
SEEDED = "crowddo_bench_soak_seeded"  # migrated + demo data, kept as the template of runs
PORT = 0  # the web port, set in main() from the socket the OS picked (Stack.web_socket)
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERIFY = re.compile(rb'/me/verify/contributions/(\d+)/"')


def database_exists(base_url: str, name: str) -> bool:
    conn = admin_connection(base_url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cur.fetchone() is not None
    conn.close()
    return found


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.by_kind: dict[str, dict[int, int]] = {}
        self.errors: list[str] = []

    def add(self, kind: str, status: int, seconds: float, path: str) -> None:
        self.latencies.append(seconds)
        counts = self.by_kind.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1
        if status >= 500 or status == 0:
            self.errors.append(f"{time.strftime('%H:%M:%S')} {kind} {path} -> {status}")

    def summary(self) -> dict:
        return {"requests": len(self.latencies), "errors_5xx_or_refused": len(self.errors),
                "p50_ms": round(pct(self.latencies, 50) * 1000, 1),
                "p95_ms": round(pct(self.latencies, 95) * 1000, 1),
                "by_kind": self.by_kind, "first_errors": self.errors[:20]}


class Browser:
    """One visitor with cookies (session, CSRF) over bench/load.py's request()."""

    def __init__(self, tally: Tally):
        self.cookies: dict[str, str] = {}
        self.tally = tally

    async def go(self, kind: str, method: str, path: str, form: dict | None = None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}{path}"
        began = time.perf_counter()
        try:
            status, pairs, content = await request(PORT, method, path, headers=headers,
                                                   body=body)
        except (TimeoutError, OSError):
            status, pairs, content = 0, [], b""
        self.tally.add(kind, status, time.perf_counter() - began, path)
        for name, value in pairs:
            if name == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                if val in ("", '""'):
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
        return status, content

    async def post(self, kind: str, path: str, form_page: str, data: dict):
        """GET the page with the form (for the CSRF token), then POST to `path`."""
        status, content = await self.go(kind, "GET", form_page)
        token = CSRF_FIELD.search(content)
        if token is None:
            return status, content
        return await self.go(kind, "POST", path, {"csrfmiddlewaretoken": token.group(1), **data})


async def anonymous(deadline: float, tally: Tally, paths: list[str]) -> None:
    browser = Browser(tally)
    while time.monotonic() < deadline:
        await browser.go("browse", "GET", random.choice(paths))


async def api_puller(deadline: float, tally: Tally, paths: list[str]) -> None:
    browser = Browser(tally)
    while time.monotonic() < deadline:
        await browser.go("api", "GET", random.choice(paths))


async def volunteer(deadline: float, tally: Tally, email: str, password: str,
                    roles: list[int]) -> None:
    browser = Browser(tally)
    while time.monotonic() < deadline:
        await browser.post("login", "/accounts/login/", "/accounts/login/",
                           {"login": email, "password": password})
        for _ in range(12):
            if time.monotonic() >= deadline:
                return
            role = random.choice(roles)
            await browser.post("claim", f"/roles/{role}/claim/", f"/roles/{role}/", {})
            _, me = await browser.go("browse", "GET", "/me/")
            claims = [int(x) for x in re.findall(rb"/me/claims/(\d+)/log/", me)]
            if claims:
                claim = random.choice(claims)
                await browser.post("log", f"/me/claims/{claim}/log/", f"/me/claims/{claim}/log/",
                                   {"date": time.strftime("%Y-%m-%d"), "hours": "1",
                                    "micro_improvements": "2", "note": "soak"})
            for pk in list(dict.fromkeys(re.findall(VERIFY, me)))[:2]:
                await browser.post("verify", f"/me/verify/contributions/{int(pk)}/", "/me/",
                                   {"comment": "checked"})
            if len(claims) > 2:
                claim = random.choice(claims)
                await browser.post("release", f"/me/claims/{claim}/release/", "/me/", {})
        await browser.post("logout", "/accounts/logout/", "/accounts/logout/", {})


async def load(minutes: float, people: dict, paths: dict, clients: dict) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + minutes * 60
    emails = people["emails"]
    await asyncio.gather(
        *(anonymous(deadline, tally, paths["pages"]) for _ in range(clients["browse"])),
        *(api_puller(deadline, tally, paths["api"]) for _ in range(clients["api"])),
        *(volunteer(deadline, tally, emails[i % len(emails)], people["password"],
                    people["roles"]) for i in range(clients["volunteers"])),
    )
    return tally


# --- processes -------------------------------------------------------------------------------

def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (gunicorn and Celery fork)."""
    total = 0
    pids = [pid, *map(int, subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                          text=True).stdout.split())]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


class Stack:
    def __init__(self, env: dict, redis_port: int, logs: Path):
        self.env, self.redis_port, self.logs = env, redis_port, logs
        self.procs: dict[str, subprocess.Popen] = {}
        self.started: dict[str, float] = {}
        self.web_socket = listening_socket()  # held for the whole run, across web restarts

    def start(self, name: str, argv: list[str], pass_fds: tuple = ()) -> None:
        log = (self.logs / f"{name}.log").open("a")
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, pass_fds=pass_fds)
        self.started[name] = time.monotonic()

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def redis(self) -> None:
        assert_port_silent(self.redis_port)
        self.start("redis", ["redis-server", "--port", str(self.redis_port), "--save", "",
                             "--appendonly", "no", "--bind", "127.0.0.1"])
        wait_for_own_redis(self.redis_port, self.procs["redis"])

    def worker(self) -> None:
        self.start("worker", [PYTHON, "-m", "celery", "-A", "crowddo", "worker",
                              "--concurrency", "1", "--loglevel", "WARNING"])

    def web(self) -> None:
        fd = self.web_socket.fileno()
        self.start("web", [PYTHON, "-m", "gunicorn", "crowddo.wsgi", "--bind", f"fd://{fd}",
                           "--workers", "2", "--timeout", "60"], pass_fds=(fd,))

    def beat(self) -> None:
        self.start("beat", [PYTHON, "-m", "celery", "-A", "crowddo", "beat", "--loglevel",
                            "WARNING", "--scheduler",
                            "django_celery_beat.schedulers:DatabaseScheduler"])

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)
        self.web_socket.close()


def wait_for_own_redis(port: int, proc: subprocess.Popen, seconds: float = 20) -> None:
    """Wait until the redis-server we started answers on `port`; fail if another one does."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"redis-server on {port} exited ({proc.returncode}): port taken?")
        try:
            pid = redis.Redis(port=port, socket_timeout=2).info("server")["process_id"]
        except redis.RedisError as exc:
            last = repr(exc)
            time.sleep(0.2)
            continue
        if pid != proc.pid:
            raise SystemExit(f"the redis answering on {port} is process {pid}, not ours")
        return
    raise SystemExit(f"redis-server on {port} did not answer: {last}")


def wait_for_http(seconds: float = 120) -> None:
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            status, _, body = asyncio.run(request(PORT, "GET", "/healthz/", timeout=5))
            if status == 200:
                return
            last = f"{status} {body[:300]!r}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /healthz/ with 200: {last}")


def events(stack: Stack, minutes: float, warmup: float, rss: dict, log: list) -> None:
    """Runs in a thread beside the load: baselines, the two restarts, final RSS."""
    began = time.monotonic()

    def at(minute: float) -> None:
        time.sleep(max(0.0, began + minute * 60 - time.monotonic()))

    def note(what: str) -> None:
        log.append(f"{(time.monotonic() - began) / 60:5.2f} min  {what}")

    at(warmup)
    for name in ("web", "beat"):
        rss[name] = {"baseline_kb": rss_kb(stack.procs[name].pid)}
    note("warm-up over: RSS baselines of web and beat")
    at(minutes * 0.35)
    stack.stop("worker")
    stack.worker()
    restarted = (time.monotonic() - began) / 60
    note("worker restarted")
    at(minutes * 0.5)
    stack.stop("redis")
    note("redis killed")
    time.sleep(20)
    stack.redis()
    note("redis started again (20 s outage)")
    at(restarted + 2)
    rss["worker"] = {"baseline_kb": rss_kb(stack.procs["worker"].pid)}
    note("RSS baseline of the restarted worker (2 min after its start)")
    at(minutes - 0.05)
    for name in ("web", "beat", "worker"):
        rss[name]["end_kb"] = rss_kb(stack.procs[name].pid)
        rss[name]["growth_pct"] = round(
            100 * (rss[name]["end_kb"] / rss[name]["baseline_kb"] - 1), 1)
    note("final RSS")


def main(argv=None) -> int:
    import threading

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--redis-port", type=int, default=0,
                   help="port for the soak's own redis-server (default: one the OS reports free)")
    p.add_argument("--browse", type=int, default=3, help="anonymous browsing clients")
    p.add_argument("--api", type=int, default=1, help="API clients")
    p.add_argument("--volunteers", type=int, default=4, help="signed-in volunteer clients")
    p.add_argument("--database-url", default=BASE_URL, help="server to create the database on")
    p.add_argument("--reseed", action="store_true",
                   help=f"rebuild the demo-data template database {SEEDED}")
    args = p.parse_args(argv)
    if args.minutes * 0.35 + 2.5 >= args.minutes:
        raise SystemExit("--minutes must leave two minutes after the worker restart")

    logs = ROOT / "bench" / "results" / "soak-logs"
    logs.mkdir(parents=True, exist_ok=True)
    args.redis_port = args.redis_port or free_port()
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    database_url = db_url(args.database_url, DATABASE)
    env = server_env(database_url, redis_url, API_THROTTLE_ANON="1000000/min",
                     PUBLIC_PAGE_CACHE_SECONDS="5", DASHBOARDS_RECONCILE_SECONDS="120")
    global PORT
    stack = Stack(env, args.redis_port, logs)
    PORT = stack.web_socket.getsockname()[1]
    stack.redis()
    try:
        seeded = db_url(args.database_url, SEEDED)
        if args.reseed or not database_exists(args.database_url, SEEDED):
            recreate_database(args.database_url, SEEDED)
            manage(seeded, redis_url, "migrate", "--noinput")
            manage(seeded, redis_url, "seed_demo", "--force")
        recreate_database(args.database_url, DATABASE, template=SEEDED)
        manage(database_url, redis_url, "migrate", "--noinput")  # new migrations, if any
        people = json.loads(subprocess.run(
            [PYTHON, "bench/soak_check.py", "setup", str(args.volunteers * 2)], cwd=ROOT,
            env=env, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
        manage(database_url, redis_url, "collectstatic", "--noinput")
        stack.web()
        stack.worker()
        stack.beat()
        wait_for_http()
        slugs = json.loads(subprocess.run(
            [PYTHON, "-c", "import os,sys,json,django;sys.path.insert(0,'.');"
             "os.environ.setdefault('DJANGO_SETTINGS_MODULE','crowddo.settings');django.setup();"
             "from initiatives.models import Initiative as I, Collective as C;"
             "print(json.dumps([list(I.objects.filter(is_public=True).values_list('slug',"
             "flat=True)[:5]), list(C.objects.filter(is_public=True).values_list('slug',"
             "flat=True)[:3])]))"], cwd=ROOT, env=env, capture_output=True, text=True,
            check=True).stdout.strip().splitlines()[-1])
        paths = {
            "pages": ["/", "/roles/", "/healthz/",
                      *(f"/roles/{r}/" for r in people["roles"][:5]),
                      *(f"/initiatives/{s}/" for s in slugs[0]),
                      *(f"/collectives/{s}/" for s in slugs[1])],
            "api": ["/api/v1/roles/", "/api/v1/initiatives/", "/api/v1/",
                    *(f"/api/v1/collectives/{s}/indicators/" for s in slugs[1])],
        }
        rss: dict = {}
        timeline: list[str] = []
        thread = threading.Thread(target=events, args=(stack, args.minutes, args.warmup, rss,
                                                       timeline), daemon=True)
        thread.start()
        tally = asyncio.run(load(args.minutes, people, paths,
                                 {"browse": args.browse, "api": args.api,
                                  "volunteers": args.volunteers}))
        thread.join(timeout=120)
        time.sleep(30)  # let the debounced roll-ups of the last writes run
        checks = json.loads(subprocess.run(
            [PYTHON, "bench/soak_check.py", "check"], cwd=ROOT, env=env, capture_output=True,
            text=True, check=True).stdout.strip().splitlines()[-1])
    finally:
        stack.stop_all()
    result = {"minutes": args.minutes, "load": tally.summary(), "rss": rss,
              "timeline": timeline, "invariants": checks}
    verdicts = {
        "no 5xx or refused connection": tally.summary()["errors_5xx_or_refused"] == 0,
        "no overbooked seat": checks["overbooked_roles_by_rule"] == 0
        and checks["overbooked_roles_by_count"] == 0,
        "seat counter equals the claims and offers": checks["seat_counter_drift"] == 0,
        "roll-ups equal a recompute": not checks["rollups_differing_from_recompute"],
        "RSS growth < 10 % per process": bool(rss) and all(
            v.get("growth_pct", 100) < 10 for v in rss.values()),
    }
    result["verdicts"] = verdicts
    out = ROOT / "bench" / "results" / "soak.json"
    out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
