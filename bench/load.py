"""The load check: the production server under 100 concurrent clients on a mix of pages.

    make load                       # or: .venv/bin/python bench/load.py --help

Runs on the benchmark's database (bench/run.py builds it, and it is reused
while its size, seed and generator are unchanged) and its server: gunicorn with
two sync workers on loopback, DEBUG off, the page cache on as in production.
The mix is taken from the corpus: list pages (plain, deep, filtered), searches,
document pages and goal pages. After a warm-up, wrk cycles through them with
100 connections for a fixed time (30 s, at most 60) and stops. Reports
requests, throughput, p50/p95/p99 latency and errors, prints the Markdown and
writes it into BENCHMARKS.md. Exits with 1 if any request failed: an answer
of 400 or more (every 5xx among them), a socket error or a timeout.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from run import (
    DEFAULT_URL,
    RESULTS,
    ROOT,
    Server,
    bench_environment,
    django,
    machine,
    postgres_version,
    prepare_database,
    require_tools,
)

BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"
CONNECTIONS = 100
MAX_SECONDS = 60
TIMEOUT = 10  # seconds; wrk counts a slower answer as a timeout, that is an error
WARM_UP = 15  # seconds of the same load before the measured run
PRODUCTION_PAGE_CACHE = 600  # PAGE_CACHE_SECONDS's default with DEBUG off

# The paths, grouped by kind of page, from the corpus itself: every key exists.
MIX = r"""
import json
from urllib.parse import urlencode
from django.urls import reverse
from resolutions import corpus
from resolutions.models import SDG, Document, Goal, Theme
docs = Document.objects.filter(synthetic=True)
years = list(docs.order_by("year").values_list("year", flat=True).distinct())
goals = list(Goal.objects.select_related("edition").order_by("edition__year", "number"))
first_2017 = next(g for g in goals if g.edition.year == 2017)
themes = list(Theme.objects.order_by("position").values_list("slug", flat=True))
sdgs = list(SDG.objects.order_by("number").values_list("number", flat=True))
lists = [{}, {"page": 2}, {"page": 50}, {"page": 2000},
         {"year": years[0]}, {"year": years[len(years) // 2]}, {"year": years[-1]},
         {"goal": goals[0].pk}, {"goal": goals[-1].pk},
         {"year": 2017, "goal": first_2017.pk}, {"year": years[-1], "goal": goals[-1].pk},
         {"theme": themes[0]}, {"theme": themes[-1]}, {"sdg": sdgs[0]}, {"sdg": sdgs[-1]},
         {"kind": "resolution", "year": years[-2]}]
# Resolutions spread evenly over the corpus, and the real documents.
slugs = list(docs.filter(kind="resolution").order_by("pk").values_list("slug", flat=True))
slugs = slugs[:: len(slugs) // 60][:60]
slugs += Document.objects.filter(synthetic=False).order_by("pk").values_list("slug", flat=True)
# Words from the most frequent to the long tail, two of them together, and the
# commonest and the rarest adjacent pair of one clause as phrases.
vocabulary = corpus.Vocabulary()
words = [vocabulary.words[rank] for rank in (0, 8, 30, 300, 3000)]
clause = Document.objects.get(slug=slugs[30]).clauses.order_by("-position").first()
text = [w.strip(",.;:") for w in clause.text.split()]
pairs = sorted((vocabulary.rank[a] + vocabulary.rank[b], a, b) for a, b in zip(text, text[1:])
               if a in vocabulary.rank and b in vocabulary.rank)
queries = words + [f"{words[1]} {words[3]}"] + [f'"{a} {b}"' for _, a, b in (pairs[0], pairs[-1])]
print(json.dumps({
    "list": ["/resolutions/" + ("?" + urlencode(q) if q else "") for q in lists],
    "search": ["/search/?" + urlencode({"q": q}) for q in queries],
    "document": [reverse("document-detail", args=[slug]) for slug in slugs],
    "goal": [g.get_absolute_url() for g in goals],
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30,
                        help=f"how long the load lasts (default 30, at most {MAX_SECONDS})")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1,
                        help="the corpus's seed, and the order of the mix")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--page-cache-seconds", type=int, default=PRODUCTION_PAGE_CACHE,
                        help="PAGE_CACHE_SECONDS of the server (default 600, as in "
                             "production; 0 checks the site uncached)")
    parser.add_argument("--no-write", action="store_true",
                        help="print the report without updating BENCHMARKS.md")
    # prepare_database reads it: a forced rebuild is left to make bench.
    parser.set_defaults(regenerate=False)
    args = parser.parse_args()
    if not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 1 and {MAX_SECONDS}")
    require_tools()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = bench_environment(database_url)
    corpus = prepare_database(database_url, env, args)
    django(env, "collectstatic", "--noinput", "-v0")
    mix = json.loads(django(env, "shell", "--no-imports", "-v0", "-c", MIX, capture=True))
    paths = [path for group in mix.values() for path in group]
    # A fixed shuffle, so that the clients are not all on the same kind of page at once.
    random.Random(args.seed).shuffle(paths)
    setting = {"machine": machine(), "postgres": postgres_version(env),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    server = Server(env | {"PAGE_CACHE_SECONDS": str(args.page_cache_seconds)}, args.port)
    try:
        warm_up(server, paths)
        result = drive(server, paths, args.seconds)
    finally:
        server.stop()

    report = render_report(result, mix, corpus, setting, args)
    print(report)
    if not args.no_write:
        write_report(report)
    if failures(result):
        sys.exit(f"The load check failed: {failures(result)} failed requests.")


def warm_up(server, paths):
    """Not counted. First one request per path, so that a broken path stops the
    check by its name. Then the same load for WARM_UP seconds: each worker keeps
    its own page cache and counts, and the kernel decides which worker answers,
    so one request per path fills only one of them; many fill both, and the
    database's buffers."""
    for path in paths:
        try:
            with urllib.request.urlopen(server.url(path), timeout=60) as answer:
                answer.read()
        except OSError as error:
            sys.exit(f"{path}: {error}")
    warm = drive(server, paths, WARM_UP)
    if failures(warm):
        sys.exit(f"The load check failed: {failures(warm)} failed requests in the warm-up.")
    server.drain()


def drive(server, paths, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".paths") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", f"{TIMEOUT}s",
                   "-s", str(ROOT / "bench" / "mixed.lua"), server.url("/"), "--", listing.name]
        # wrk stops by itself after `seconds`; the margin only guards against a hang.
        output = subprocess.run(command, capture_output=True, text=True, check=True,
                                timeout=seconds + 60).stdout
    line = re.search(r"^RESULT (.*)$", output, re.MULTILINE).group(1)
    values = {k: float(v) for k, v in (item.split("=") for item in line.split())}
    values["rps"] = values["requests"] / values["seconds"]
    values["socket"] = sum(values[k] for k in ("connect", "read", "write", "timeout"))
    return values


def failures(result):
    return int(result["status"] + result["socket"])


def render_report(result, mix, corpus, setting, args):
    r = result
    counts = ", ".join(f"{len(paths)} {name} pages" for name, paths in mix.items())
    cache = ("on (`PAGE_CACHE_SECONDS=600`, the production default)"
             if args.page_cache_seconds == PRODUCTION_PAGE_CACHE
             else f"`PAGE_CACHE_SECONDS={args.page_cache_seconds}`")
    verdict = "**passed**" if not failures(r) else "**failed**"
    return "\n".join([
        BEGIN,
        f"Checked {setting['date']} by `make load` on: {setting['machine']}; "
        f"PostgreSQL {setting['postgres']} on the same machine.",
        "",
        f"Corpus: {corpus['documents']:,} synthetic documents (seed {corpus['seed']}) plus the "
        f"seed documents. Server: gunicorn, two sync workers, `DEBUG` off, page cache {cache}. "
        f"Load: wrk with {CONNECTIONS} connections for {args.seconds} s on 127.0.0.1, a "
        f"{TIMEOUT} s timeout, cycling through {sum(map(len, mix.values()))} paths in a fixed "
        f"order ({counts}); before it, not counted: each path once, then the same load "
        f"for {WARM_UP} s, which fills the page cache of both workers.",
        "",
        "| requests | req/s | p50 ms | p95 ms | p99 ms | max ms | error answers (4xx, 5xx) "
        "| socket errors (connect / read / write / timeout) | result |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {r['requests']:,.0f} | {r['rps']:,.0f} | {r['p50'] / 1000:.1f} "
        f"| {r['p95'] / 1000:.1f} | {r['p99'] / 1000:.1f} | {r['max'] / 1000:.1f} "
        f"| {r['status']:.0f} | {r['socket']:.0f} ({r['connect']:.0f} / {r['read']:.0f} / "
        f"{r['write']:.0f} / {r['timeout']:.0f}) | {verdict} |",
        END,
    ])


def write_report(report):
    """Replace what is between the load markers, and nothing else."""
    text = RESULTS.read_text()
    if BEGIN not in text:
        text = text.rstrip("\n") + f"\n\n## Load check\n\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    RESULTS.write_text(text[:start] + report + text[end:])
    print(f"Written to {RESULTS.relative_to(ROOT)}.", file=sys.stderr)


if __name__ == "__main__":
    main()
