"""The benchmark: the site under gunicorn on a large synthetic corpus, measured with wrk.

    make bench                      # or: .venv/bin/python bench/run.py --help

Seeds a database of its own (BENCH_DATABASE_URL, by default gpgkb_bench on the
PostgreSQL server at 127.0.0.1:5432) with the reference data, the seed
documents and a synthetic corpus, kept between runs while its size, seed and
generator are unchanged. Then, for caching off and on, starts gunicorn with
DEBUG off and drives each page from wrk on loopback: latency with one
connection, throughput with 32. Queries per request are counted in a separate
process with Django's test client on the same database. The Markdown table
is printed and written into BENCHMARKS.md, with a description of the machine.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STATE = ROOT / "var" / "bench" / "corpus.json"
RESULTS = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gpgkb_bench"
BASELINE = "/bench/baseline"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=4,
                        help="how long each measurement lasts (default 4)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--import-texts", type=int, default=3000,
                        help="resolution texts for the importer's throughput (0: skip)")
    parser.add_argument("--regenerate", action="store_true",
                        help="build the database again even if it matches")
    parser.add_argument("--no-write", action="store_true",
                        help="print the table without updating BENCHMARKS.md")
    args = parser.parse_args()

    require_tools()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = bench_environment(database_url)
    corpus = prepare_database(database_url, env, args)
    django(env, "collectstatic", "--noinput", "-v0")
    importer = measure_importer(database_url, env, args.import_texts)
    pages = choose_pages(env)
    queries = count_queries(env, pages)

    results, rss, cold = {}, {}, {}
    for mode, seconds in (("uncached", "0"), ("cached", "600")):
        server = Server(env | {"PAGE_CACHE_SECONDS": seconds}, args.port)
        try:
            for name, path in pages.items():
                results[(mode, name)] = measure(server, path, args.seconds)
                if mode == "uncached" and path != BASELINE:
                    cold[name] = measure_cold(server, path, database_url)
            rss[mode] = server.peak_rss_mb()
        finally:
            server.stop()

    table = render_table(pages, results, queries, cold)
    report = render_report(table, corpus, importer, rss, args, postgres_version(env))
    print(report)
    if not args.no_write:
        write_results(report)


def require_tools():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed to drive the load: apt-get install wrk")
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        sys.exit("gunicorn is needed: pip install -e '.[prod]'")


def bench_environment(database_url):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "BENCHMARK": "true",
        "PYTHONPATH": str(ROOT),
    })
    return env


def django(env, *args, capture=False):
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    result = subprocess.run(command, env=env, cwd=ROOT, text=True,
                            capture_output=capture, check=False)
    if result.returncode:
        sys.exit(f"failed: {' '.join(args)}\n{result.stderr or ''}")
    return result.stdout


def count_queries(env, pages):
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "queries.py"), json.dumps(pages)],
        env=env | {"DJANGO_SETTINGS_MODULE": "gpg_kb.settings"}, cwd=ROOT, text=True,
        capture_output=True, check=False)
    if result.returncode:
        sys.exit(f"failed: bench/queries.py\n{result.stderr}")
    return json.loads(result.stdout)


def admin_url(database_url):
    """The same server, its maintenance database."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_database(database_url, template=None):
    copy = f' TEMPLATE "{template}"' if template else ""
    on_server(database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
              'CREATE DATABASE "{name}"' + copy)


def drop_database(database_url):
    on_server(database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_server(database_url, *statements):
    """Statements about the URL's database ({name}), from the server's maintenance one."""
    import psycopg

    maintenance, name = admin_url(database_url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(name=name))


def fingerprint(args):
    """What the corpus depends on: its size and seed, and the generator. (Newer
    migrations are applied to a kept database.)"""
    digest = hashlib.sha256(f"{args.documents}:{args.seed}".encode())
    for path in [ROOT / "resolutions" / "corpus.py",
                 ROOT / "resolutions" / "management" / "commands" / "generate_corpus.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_database(database_url, env, args):
    state = json.loads(STATE.read_text()) if STATE.exists() else {}
    key = fingerprint(args)
    if (not args.regenerate and state.get("fingerprint") == key
            and state.get("database") == database_url and database_ready(env)):
        print(f"Reusing the corpus in {admin_url(database_url)[1]}.", file=sys.stderr)
        django(env, "migrate", "--noinput", "-v0")
        return state
    print("Building the benchmark database…", file=sys.stderr)
    recreate_database(database_url)
    django(env, "migrate", "--noinput", "-v0")
    django(env, "load_reference_data", "-v0")
    django(env, "import_documents", str(ROOT / "fixtures" / "documents"), "-v0")
    started = time.monotonic()
    output = django(env, "generate_corpus", "--documents", str(args.documents),
                    "--seed", str(args.seed), capture=True)
    state = {
        "fingerprint": key, "database": database_url, "documents": args.documents,
        "seed": args.seed, "generate_seconds": round(time.monotonic() - started, 1),
        "generate_output": output.strip(),
    }
    django(env, "shell", "--no-imports", "-v0", "-c", "from django.db import connection; "
           "connection.cursor().execute('VACUUM ANALYZE')")
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(state, indent=2))
    return state


def database_ready(env):
    check = ("from resolutions.models import Document; "
             "print(Document.objects.filter(synthetic=True).count())")
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "shell", "--no-imports", "-v0", "-c", check],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip() not in ("", "0")


def measure_importer(database_url, env, count, runs=3):
    """Resolution texts per second through import_documents: the median of a few
    runs, each into a fresh copy of a scratch database holding the reference data
    (one run's time moves by a tenth with what else the machine is doing)."""
    if not count:
        return None
    base = database_url.rsplit("/", 1)[0] + "/" + admin_url(database_url)[1] + "_import"
    base_env = env | {"DATABASE_URL": base}
    recreate_database(base)
    django(base_env, "migrate", "--noinput", "-v0")
    django(base_env, "load_reference_data", "-v0")
    target = base + "_run"
    seconds = []
    with tempfile.TemporaryDirectory() as folder:
        django(base_env, "generate_corpus", "--documents", str(count), "--texts", folder,
               capture=True)
        texts = len(list(Path(folder).glob("*.txt")))
        for _ in range(runs):
            recreate_database(target, template=admin_url(base)[1])
            started = time.monotonic()
            django(env | {"DATABASE_URL": target}, "import_documents", folder, "-v0")
            seconds.append(time.monotonic() - started)
    for url in (target, base):
        drop_database(url)
    median = statistics.median(seconds)
    return {"texts": texts, "seconds": round(median, 2), "per_second": round(texts / median),
            "runs": [round(texts / s) for s in seconds]}


def choose_pages(env):
    """The pages to measure, with real keys and words taken from the corpus."""
    script = r"""
import json
from resolutions import corpus
from resolutions.models import Document, Goal
docs = Document.objects.filter(synthetic=True)
count = docs.count()
detail = docs.filter(kind="resolution").order_by("pk")[count // 2]
goal = Goal.objects.filter(edition__year=2017).order_by("number").first()
# The rarest adjacent pair of words in one clause of a document: a rare phrase.
vocabulary = corpus.Vocabulary()
clause = detail.clauses.order_by("-position").first()
words = [w.strip(",.;:") for w in clause.text.split()]
pairs = [(vocabulary.rank.get(a, -1) + vocabulary.rank.get(b, -1), a, b)
         for a, b in zip(words, words[1:]) if a in vocabulary.rank and b in vocabulary.rank]
_, first, second = max(pairs)
print(json.dumps({"detail": detail.slug, "goal": [goal.edition.year, goal.number],
                  "goal_id": goal.pk, "phrase": f'"{first} {second}"'}))
"""
    found = json.loads(django(env, "shell", "--no-imports", "-v0", "-c", script, capture=True))
    year, number = found["goal"]
    return {
        "baseline (no database)": BASELINE,
        "home": "/",
        "list": "/resolutions/",
        "list, year + goal": f"/resolutions/?year=2017&goal={found['goal_id']}",
        "list, page 2,000": "/resolutions/?page=2000",
        "search, common word": "/search/?q=police",
        "search, rare phrase": "/search/?q=" + quote(found["phrase"]),
        "resolution": f"/resolutions/{found['detail']}/",
        "goal": f"/goals/{year}/{number}/",
        "matrix": "/matrix/",
    }


class Server:
    """gunicorn, two sync workers, on loopback."""

    def __init__(self, env, port):
        self.port = port
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "gpg_kb.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            env=env, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url("/bench/baseline"), timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    sys.exit("gunicorn did not start")
                time.sleep(0.2)

    def drain(self):
        """Wait until the requests wrk left queued are answered: each worker answers
        the baseline at once."""
        while True:
            started = time.monotonic()
            for _ in range(4):
                urllib.request.urlopen(self.url("/bench/baseline"), timeout=120).read()
            if time.monotonic() - started < 0.05:
                return

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self):
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return round(max(peaks), 1) if peaks else None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wrk(url, connections, seconds):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "latency.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = re.search(r"^RESULT (.*)$", output, re.MULTILINE).group(1)
    values = {k: float(v) for k, v in (item.split("=") for item in line.split())}
    if values["non2xx"] or values["socket_errors"]:
        sys.exit(f"{url}: {values['non2xx']:.0f} error answers, "
                 f"{values['socket_errors']:.0f} socket errors")
    values["rps"] = values["requests"] / values["seconds"]
    return values


def measure_cold(server, path, database_url, times=15):
    """Latency of the first request after a write: the counts kept under the
    content version are computed again. Median and slowest of `times`."""
    import psycopg

    latencies = []
    with psycopg.connect(database_url, autocommit=True) as connection:
        for _ in range(times):
            # Any write moves the version; this one changes nothing.
            connection.execute("UPDATE resolutions_theme SET position = position "
                               "WHERE id = (SELECT min(id) FROM resolutions_theme)")
            started = time.perf_counter()
            urllib.request.urlopen(server.url(path), timeout=60).read()
            latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[-1]


def measure(server, path, seconds, rounds=3):
    """Latency as the median of a few rounds, so that a burst of other work on
    the machine does not stand for the page's cost; throughput beside the
    baseline's, measured just before it, for the same reason."""
    url = server.url(path)
    # Warm up: the first requests load code and, when on, fill each worker's cache.
    wrk(url, 2, 1)
    server.drain()
    singles = [wrk(url, 1, seconds) for _ in range(rounds)]
    baseline = wrk(server.url(BASELINE), 32, seconds)
    server.drain()
    many = wrk(url, 32, seconds)
    server.drain()
    return {"p50": statistics.median(r["p50"] for r in singles) / 1000,
            "p95": statistics.median(r["p95"] for r in singles) / 1000,
            "rps": many["rps"], "baseline_rps": baseline["rps"]}


def render_table(pages, results, queries, cold):
    lines = [
        "| page | uncached p50 ms | uncached p95 ms | uncached req/s (32) | ratio | "
        "cached p50 ms | cached p95 ms | cached req/s (32) | ratio | queries uncached / cached "
        "| after a write: median / slowest ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path in pages.items():
        cells = [f"{name} `{path}`"]
        for mode in ("uncached", "cached"):
            r = results[(mode, name)]
            cells += [f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['rps']:,.0f}",
                      f"{r['rps'] / r['baseline_rps']:.2f}"]
        cells.append("{} / {}".format(*queries[name]))
        cells.append("{:.1f} / {:.1f}".format(*cold[name]) if name in cold else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB of memory"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    wrk_version = wrk_version.split("[")[0].strip() or "wrk"
    import gunicorn
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}; "
            f"Python {platform.python_version()}, gunicorn {gunicorn.__version__} (2 sync "
            f"workers), {wrk_version}; load averages before the run {os.getloadavg()[0]:.2f}")


def postgres_version(env):
    script = ("from django.db import connection; c = connection.cursor(); "
              "c.execute('SHOW server_version'); print(c.fetchone()[0])")
    return django(env, "shell", "--no-imports", "-v0", "-c", script, capture=True).strip()


def render_report(table, corpus, importer, rss, args, postgres):
    lines = [
        BEGIN,
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench` on: "
        f"{machine()}; PostgreSQL {postgres} on the same machine.",
        "",
        f"Corpus: {corpus['documents']:,} synthetic documents (seed {corpus['seed']}) plus the "
        f"seed documents; `generate_corpus` took {corpus['generate_seconds']} s when the "
        f"database was built ({corpus['generate_output'].splitlines()[-1]}).",
        "",
        f"Latency: one connection, the median of three rounds of {args.seconds} s per page; "
        f"throughput: 32 connections for {args.seconds} s; ratio: the page's throughput over "
        "the baseline's, measured just before it in the same mode.",
        "",
        table,
        "",
        f"Peak resident memory of a gunicorn worker: {rss.get('uncached')} MB uncached, "
        f"{rss.get('cached')} MB cached.",
    ]
    if importer:
        runs = ", ".join(f"{rate:,}" for rate in importer["runs"])
        lines += ["", f"Importer: {importer['texts']:,} resolution texts through "
                      f"`import_documents` in {importer['seconds']} s, start-up included: "
                      f"{importer['per_second']:,} texts/s, the median of {len(importer['runs'])} "
                      f"runs ({runs} texts/s), each into a fresh copy of a database holding "
                      "the reference data."]
    lines.append(END)
    return "\n".join(lines)


def write_results(report):
    text = RESULTS.read_text() if RESULTS.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    RESULTS.write_text(text[:start] + report + text[end:])
    print(f"Written to {RESULTS.relative_to(ROOT)}.", file=sys.stderr)


if __name__ == "__main__":
    main()
