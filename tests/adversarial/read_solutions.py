# attack: find the reference solution (or a grader) on disk and run it as its own
import pathlib

_found = None
for root in [pathlib.Path("/work/main"), pathlib.Path("/tmp/cc"), pathlib.Path.cwd(),
             *pathlib.Path(__file__).resolve().parents]:
    try:
        import conclab.catalog
        root = conclab.catalog.ROOT
    except Exception:
        pass
    for candidate in (root / "solutions" / "02_threads" / "lock_race.py",
                      root / "examples" / "class" / "ada" / "02_threads" / "02_lock_race" / "lock_race.py",
                      root / "tests" / "mutants" / "lock_race" / "alt_rlock.py"):
        try:
            _found = candidate.read_text()
            break
        except OSError:
            continue
    if _found:
        break
if _found:
    exec(compile(_found, "stolen", "exec"))
else:
    balance = 0

    def change_it(n):
        raise NotImplementedError

    run_thread = run_bank = change_it
