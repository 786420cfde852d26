"""The ``conclab`` command: build, check, grade, verify, serve, demo."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from conclab import catalog


def cmd_build(args) -> int:
    from conclab.build import BuildError, build
    try:
        stale = build(check=args.check)
    except BuildError as exc:
        print(f"conclab build: {exc}", file=sys.stderr)
        return 2
    for path in stale:
        rel = path.relative_to(catalog.ROOT)
        print(f"{'stale' if args.check else 'wrote'}: {rel}")
    if args.check and stale:
        print("generated files are out of date: run `conclab build`", file=sys.stderr)
        return 1
    if not stale:
        print("all generated files are up to date")
    return 0


def cmd_verify(args) -> int:
    from conclab import verify
    from conclab.hog import cpu_hog
    cases = verify.all_cases(args.slugs)
    if args.only:
        cases = [c for c in cases if c.kind in args.only.split(",")]
    if args.case:
        cases = [c for c in cases if c.name in args.case]
        missing = set(args.case) - {c.name for c in cases}
        if missing:
            print(f"conclab verify: no such case: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    tally = {case.name: [] for case in cases}
    from concurrent.futures import ThreadPoolExecutor

    def check(case, round_no):
        v = verify.verify(case)
        mark = "ok  " if v.ok else "FAIL"
        print(f"[{round_no}/{args.repeat}] {mark} {case.name:<34} {v.seconds:5.1f} s  "
              f"{v.why.splitlines()[0] if v.why else ''}", flush=True)
        if not v.ok and args.verbose:
            print(v.why, flush=True)
        return v

    # Each case is graded in its own subprocess; --jobs grades that many at once.
    with cpu_hog(args.hog), ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for round_no in range(1, args.repeat + 1):
            for case, v in zip(cases, pool.map(lambda c: check(c, round_no), cases)):
                tally[case.name].append(v)
    print()
    print(f"{'case':<36} {'kind':<12} {'runs':>4} {'false pass':>10} {'false fail':>10} "
          f"{'mean s':>7} {'max s':>6}")
    false_pass = false_fail = 0
    for case in cases:
        runs = tally[case.name]
        fp = sum(v.false_pass for v in runs)
        ff = sum(v.false_fail for v in runs)
        false_pass += fp
        false_fail += ff
        secs = [v.seconds for v in runs]
        print(f"{case.name:<36} {case.kind:<12} {len(runs):>4} {fp:>10} {ff:>10} "
              f"{sum(secs) / len(secs):>7.2f} {max(secs):>6.2f}")
    print(f"\n{len(cases)} cases x {args.repeat} runs (CPU hogs beside: {args.hog}): "
          f"{false_pass} false passes, {false_fail} false fails")
    return 1 if false_pass or false_fail else 0


def cmd_grade(args) -> int:
    import json

    from rich.console import Console
    from rich.progress import Progress

    from conclab.grading import reports, runner, sandbox
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        print(f"conclab grade: {submissions} is not a folder of submissions", file=sys.stderr)
        return 2
    out = Path(args.out)
    console = Console(stderr=args.json)
    console.print(f"sandbox layers here: {', '.join(sandbox.probe().names())}")
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task("grading", total=None)

        def advance(job, run):
            if job is None:
                progress.update(bar, total=run)
            else:
                progress.advance(bar)
                progress.update(bar, description=f"{job.student}/{job.slug} ({job.phase})")
        from conclab.cores import usable_cores
        jobs = args.jobs or max(1, usable_cores())
        try:
            results = runner.grade_class(submissions, out, jobs=jobs, force=args.force,
                                         progress=advance, only=args.exercises)
        except KeyboardInterrupt:
            progress.stop()
            console.print("interrupted: the runs that finished are in the gradebook; "
                          "the same command again grades only what is left", soft_wrap=True)
            return 130
    slugs = list(results[0].exercises) if results else []
    reports.write_csv(results, slugs, out / "grades.csv")
    for result in results:
        reports.write_student(result, out)
    if args.nbgrader:
        from conclab.grading import nbgrader_sync
        try:
            for problem in nbgrader_sync.write(results, submissions, Path(args.nbgrader)):
                console.print(f"[yellow]nbgrader[/yellow]: {problem}", soft_wrap=True)
        except FileNotFoundError as exc:
            console.print(f"[red]nbgrader[/red]: {exc}", soft_wrap=True)
            return 1
    if args.json:
        print(json.dumps(reports.summary(results, slugs), indent=2, ensure_ascii=False))
        return 0
    console.print(reports.summary_table(results, slugs))
    for r in results:
        if r.error:
            console.print(f"[red]{r.student}[/red]: {r.error}")
    console.print(f"gradebook: {out / 'gradebook.sqlite'}; {out / 'grades.csv'}; "
                  f"feedback and results.json in {out}/<student>/")
    return 0


def cmd_check(args) -> int:
    """The student loop: check exercises in course order, stop at the first to do."""
    from conclab import selfcheck
    chosen = catalog.exercises()
    if args.slug:
        chosen = [catalog.by_slug(args.slug)]
    done = 0
    for ex in chosen:
        result = selfcheck.run(ex, Path(args.target))
        rel = ex.folder.relative_to(catalog.ROOT)
        if result.ok:
            done += 1
            print(f"  done  {rel}")
            continue
        print(f"  todo  {rel}\n")
        for reason in result.reasons:
            print("   ", reason)
        print(f"\n  Read {rel}/README.md (中文: README.zh.md); stuck? {rel}/HINTS.md")
        break
    print(f"\n{done}/{len(chosen)} exercises done")
    return 0 if done == len(chosen) else 1


def cmd_serve(args) -> int:
    """Serve the local web in the foreground until Ctrl-C, for students to explore."""
    import time

    from conclab.web import LocalWeb
    try:
        web = LocalWeb(seed=args.seed, port=args.port).start()
    except OSError as exc:
        print(f"conclab serve: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}; "
              f"try another --port (0 picks a free one)", file=sys.stderr)
        return 2
    web.set_latency(args.latency)
    print(f"conclab local web on {web.base_url}  (every response waits {args.latency:g} s; "
          f"Ctrl-C stops)\n")
    print(f"  index      {web.url('/')}")
    print(f"  movies     {web.listing_url}")
    print("  wiki pages (the seed's 15 downloads):")
    for url in web.wiki_urls():
        print(f"    {url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print(f"\n{web.traffic.count()} requests served; stopping")
    finally:
        web.stop()
    return 0


def cmd_demo(args) -> int:
    from rich.console import Console

    from conclab.web import demo
    runs = demo.compare(latency=args.latency, workers=args.workers)
    Console().print(demo.table(runs, args.latency))
    print("Threads overlap the waits up to max_workers at a time; asyncio overlaps all of "
          "them on one thread.\n线程池最多同时等待 max_workers 个请求；asyncio 在一个线程里同时"
          "等待全部请求。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="conclab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="regenerate stubs from solutions/")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when a committed generated file is stale")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="students: check your exercises in order, stop at the next to do")
    p.add_argument("slug", nargs="?", help="check only this exercise")
    p.add_argument("--target", default=str(catalog.ROOT / "exercises"),
                   help="your working copy (default: exercises/)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("grade", help="grade a folder of submissions (default: the sample class)")
    p.add_argument("submissions", nargs="?", default=str(catalog.ROOT / "examples" / "class"),
                   help="one folder per student (default: the bundled sample class)")
    p.add_argument("--out", default="grades",
                   help="gradebook, grades.csv and feedback go here (default: grades/)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="grade N runs at once (default: the usable cores); timing and "
                        "speedup tests always run alone, afterwards")
    p.add_argument("--force", action="store_true",
                   help="grade again what the gradebook already holds")
    p.add_argument("--exercises", nargs="+", metavar="SLUG", help="grade only these exercises")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--nbgrader", metavar="COURSE",
                   help="also write the scores into this nbgrader course's gradebook.db and "
                        "autograded/ notebooks (after `nbgrader generate_assignment`), so "
                        "`nbgrader generate_feedback` and `nbgrader export` use them")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("verify", help="check that graders pass solutions and kill mutants")
    p.add_argument("slugs", nargs="*", help="exercises to check (default: all)")
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="grade every case N times")
    p.add_argument("--hog", type=int, default=0, metavar="K",
                   help="run K CPU-bound processes beside the grading, as on a busy machine")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="grade N cases at once (more load: timing checks may skip more)")
    p.add_argument("--only", metavar="KINDS",
                   help="only these kinds, comma-separated: stub,solution,alternative,mutant")
    p.add_argument("--case", nargs="+", metavar="SLUG:NAME", help="only these cases")
    p.add_argument("-v", "--verbose", action="store_true", help="print why a case failed")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("serve", help="serve the course's local web (wiki + movie site) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free)")
    p.add_argument("--seed", type=int, default=0, help="content seed (default 0, as in the self-checks)")
    p.add_argument("--latency", type=float, default=0.1, metavar="SECONDS",
                   help="how long every response waits (default 0.1)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="show a concept at work")
    demos = p.add_subparsers(dest="demo", required=True)
    d = demos.add_parser("downloads", help="the seed's 15 downloads: serial vs threads vs asyncio")
    d.add_argument("--latency", type=float, default=0.1, metavar="SECONDS",
                   help="how long each download waits at the server (default 0.1)")
    d.add_argument("--workers", type=int, default=5, help="threads in the pool (default 5)")
    d.set_defaults(func=cmd_demo)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except catalog.CourseNotFound as exc:
        print(f"conclab: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
