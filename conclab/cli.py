"""The ``conclab`` command: build, verify, grade."""
from __future__ import annotations

import argparse
import sys

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="conclab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="regenerate stubs from solutions/")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when a committed generated file is stale")
    p.set_defaults(func=cmd_build)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
