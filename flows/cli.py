"""`fwtrends`: one subcommand per flow, plus read-only SQL on the warehouse."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from flows import settings
from scrapers.community import SOURCES as COMMUNITY_SOURCES
from scrapers.http import ConfigError
from scrapers.jobs import SOURCES as JOB_SOURCES
from scrapers.papers import SOURCES as PAPER_SOURCES
from warehouse.db import WarehouseError

FIRST_PAPER_YEAR = 2015
COMPARE_2019 = """
SELECT venue, year, published_papers AS study_papers, texts_ok,
       round(100 * published_share, 1) AS study_pct, round(100 * share_pytorch, 1) AS our_pct,
       round(100 * ci_low, 1) AS our_low, round(100 * ci_high, 1) AS our_high, difference_pp,
       published_within_interval AS within
FROM reproduction_2019 ORDER BY venue, year"""


def month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2019-01") from None


def positive(text: str) -> int:
    number = int(text) if text.lstrip("-").isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return number


def paper_year(text: str) -> int:
    """A year some conference can have published: 2015 (the first the sources list) to next year."""
    last = date.today().year + 1
    if not text.isdigit() or not FIRST_PAPER_YEAR <= int(text) <= last:
        raise argparse.ArgumentTypeError(f"{text!r}: papers exist for the years {FIRST_PAPER_YEAR} to {last}")
    return int(text)


def comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def print_summary(results) -> bool:
    """Prints one line per source; True when every source succeeded."""
    width = max([24, *(len(result.source) for result in results)])
    print(f"\n{'source':<{width}} status  items")
    for result in results:
        print(result.line(width))
    return all(r.status == "ok" for r in results)


def summarized(results, strict: bool) -> int:
    """The summary printed; with `strict`, a failed source makes the exit status 1."""
    ok = print_summary(results)
    return 1 if strict and not ok else 0


# Each command is a parser (`add_<command>`) and the handler it sets, which takes the parsed arguments and
# returns the exit status. Handlers import their flow late: Prefect and the frameworks are slow to import,
# and `fwtrends sql` needs neither.

# Options that several commands share.
STRICT = argparse.ArgumentParser(add_help=False)
STRICT.add_argument("--strict", action="store_true", help="exit non-zero when any source failed")
DASK = argparse.ArgumentParser(add_help=False)
DASK.add_argument("--dask-address", help="read PDFs on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")


def add_run(commands) -> None:
    run = commands.add_parser("run", parents=[STRICT, DASK],
                              help="the main pipeline: papers, jobs, community, experiments, report")
    size = run.add_mutually_exclusive_group()
    size.add_argument("--quick", dest="profile", action="store_const", const="quick", help="bounded run (default)")
    size.add_argument("--full", dest="profile", action="store_const", const="full", help="every paper and month")
    run.set_defaults(profile="quick", handler=run_pipeline)


def run_pipeline(args) -> int:
    from flows.pipeline import pipeline_flow

    results, report = pipeline_flow(profile=args.profile, dask_address=args.dask_address)
    ok = print_summary(results)
    print(f"\nreport: {report.resolve()}\nwarehouse: {settings.db_path().resolve()}")
    return 1 if args.strict and not ok else 0


def add_papers(commands) -> None:
    papers = commands.add_parser("papers", parents=[STRICT, DASK],
                                 help="conference papers and their framework mentions")
    papers.add_argument("action", nargs="?", default="scrape", choices=list(PAPER_ACTIONS),
                        help="scrape (default); reclassify the stored texts; compare with the 2019 study")
    papers.add_argument("--venue", action="append", type=str.upper, help="e.g. CVPR (repeatable; default: all)")
    papers.add_argument("--year", action="append", type=paper_year, help="e.g. 2019 (repeatable; default: all)")
    papers.add_argument("--source", choices=list(PAPER_SOURCES), metavar="NAME",
                        help=f"only this source: {', '.join(PAPER_SOURCES)}")
    papers.add_argument("--sample", type=positive, help="read N seeded random papers per venue-year")
    papers.add_argument("--seed", type=int, default=2019)
    papers.add_argument("--dry-run", action="store_true", help="scrape listings and print the plan only")
    papers.add_argument("--profile", action="append", help="with reclassify: only this profile (repeatable)")
    papers.set_defaults(handler=papers_action)


def papers_action(args) -> int:
    return PAPER_ACTIONS[args.action](args)


def scrape_papers(args) -> int:
    from flows.papers import papers_flow_on

    results = papers_flow_on(args.dask_address)(
        args.venue, args.year, sample=args.sample, source=args.source, seed=args.seed, dry_run=args.dry_run
    )
    return summarized(results, args.strict)


def reclassify_papers(args) -> int:
    from flows.papers import reclassify_flow

    # The plain function, not a flow run: it only recomputes the warehouse, and a flow run here would start
    # Prefect's temporary API server (seconds) for a record no one reads. Scheduled runs stay flows.
    return summarized(reclassify_flow.fn(args.profile), args.strict)


def compare_2019(args) -> int:
    from flows.query import run_query

    return run_query(COMPARE_2019)


PAPER_ACTIONS = {"scrape": scrape_papers, "reclassify": reclassify_papers, "compare-2019": compare_2019}


def add_jobs(commands) -> None:
    jobs = commands.add_parser("jobs", parents=[STRICT],
                               help="job postings (HN threads, company boards) and their framework mentions")
    jobs.add_argument("--source", action="append", choices=list(JOB_SOURCES),
                      help="only this source (repeatable; default: all)")
    jobs.add_argument("--since", type=month, default=None, help="first HN month, e.g. 2019-01 (default 2011-04)")
    jobs.add_argument("--until", type=month, default=None, help="last HN month (default: this month)")
    jobs.set_defaults(handler=scrape_jobs)


def scrape_jobs(args) -> int:
    from flows.jobs import FIRST_MONTH, jobs_flow

    return summarized(jobs_flow(args.source, since=args.since or FIRST_MONTH, until=args.until), args.strict)


def add_community(commands) -> None:
    community = commands.add_parser("community", parents=[STRICT],
                                    help="Stack Overflow, dev.to, PyPI and GitHub activity per month")
    community.add_argument("--source", action="append", choices=list(COMMUNITY_SOURCES),
                           help="only this source (repeatable; default: all)")
    community.add_argument("--since", type=month, default=None, help="first month (default 2015-01)")
    community.set_defaults(handler=count_community)


def count_community(args) -> int:
    from flows.community import FIRST_MONTH, community_flow

    return summarized(community_flow(args.source, since=args.since or FIRST_MONTH), args.strict)


def add_experiments(commands) -> None:
    exp = commands.add_parser("experiments", parents=[STRICT], help="matched TensorFlow/PyTorch workloads")
    exp.add_argument("--workload", type=comma_list, help="e.g. linear,cnn (default: all)")
    exp.add_argument("--framework", type=comma_list, help="torch,tensorflow (default: both)")
    exp.add_argument("--mode", type=comma_list, help="e.g. eager,compile,function,xla (default: all)")
    exp.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                     help="auto: the GPU when there is one. With --capabilities it is where distributed training "
                          "runs (auto: the CPU, and the GPUs too when there are any)")
    exp.add_argument("--quick", action="store_true", help="small sizes, few repeats (minutes on 2 cores)")
    exp.add_argument("--capabilities", type=comma_list, metavar="PARTS", nargs="?", const=[],
                     help="the article's other claims instead of step times: tensorboard,serving,servers,distributed,mobile,"
                          "recompilation,debugging,placement,visualisation "
                          "(default: all)")
    exp.add_argument("--tensorboard", action="store_true",
                     help="print where the TensorBoard logs are and how to open them")
    exp.set_defaults(handler=measure)


def measure(args) -> int:
    """Where the TensorBoard logs are (--tensorboard), the capability runs (--capabilities), or step times."""
    if args.tensorboard:
        from experiments.capabilities.tensorboard.logs import how_to_open
        from flows.capabilities import tensorboard_dir

        print(how_to_open(tensorboard_dir()))
        return 0
    if args.capabilities is not None:
        from flows.capabilities import capabilities_flow

        return summarized(capabilities_flow(args.capabilities or None, quick=args.quick, device=args.device),
                          args.strict)
    from flows.experiments import experiments_flow

    results = experiments_flow(workloads=args.workload, frameworks=args.framework, modes=args.mode,
                               device=args.device, quick=args.quick)
    return summarized(results, args.strict)


def add_report(commands) -> None:
    report = commands.add_parser("report", help="write the HTML trend report and print its path")
    report.set_defaults(handler=write_report)


def write_report(args) -> int:
    from flows.report_page import write_page

    path, _ = write_page()  # without Prefect, as reclassify: seconds, not a temporary server's start-up
    print(path)
    return 0


def add_sql(commands) -> None:
    sql = commands.add_parser("sql", help="run a read-only SQL query on the warehouse")
    sql.add_argument("query")
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    sql.set_defaults(handler=run_sql)


def run_sql(args) -> int:
    from flows.query import run_query

    return run_query(args.query, args.format)


def add_serve(commands) -> None:
    serve = commands.add_parser("serve",
                                help="run the deployments on their schedules (starts or finds a Prefect server)")
    serve.set_defaults(handler=serve_deployments)


def serve_deployments(args) -> int:
    from flows.serve import serve

    return serve()


def add_sources(commands) -> None:
    sources = commands.add_parser("sources", help="check that every source still answers in the shape parsed")
    sources.add_argument("action", choices=["check"])
    sources.set_defaults(handler=check_sources)


def check_sources(args) -> int:
    from flows.sources import sources_check_flow

    return 1 if any(row["status"] == "changed" for row in sources_check_flow()) else 0


FETCHING = ("run", "papers", "jobs", "community", "sources")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="fwtrends", description=__doc__)
    top.add_argument("--db", help="warehouse file (default: $FWTRENDS_DB or data/fwtrends.duckdb)")
    commands = top.add_subparsers(dest="command", required=True)
    for add in (add_run, add_papers, add_jobs, add_community, add_experiments, add_report, add_sql, add_sources,
                add_serve):
        add(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.db:
        os.environ["FWTRENDS_DB"] = args.db
    settings.set_process_defaults()
    try:
        if args.command in FETCHING:  # every source's rate is checked before anything is fetched
            settings.session_spec(*PAPER_SOURCES.values(), *JOB_SOURCES.values(), *COMMUNITY_SOURCES.values())
        return args.handler(args)
    except (WarehouseError, ConfigError) as exc:  # a locked, corrupt or newer warehouse, a --db that is a folder,
        # a rate that is no number: one line
        print(f"fwtrends {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
