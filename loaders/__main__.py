"""Command line of the registry: check, import and export files.

    python -m loaders check FILE --kind status|visits [--json]
    python -m loaders import FILE --kind status|visits
    python -m loaders export --kind status|visits OUT.csv|OUT.xlsx
    python -m loaders hash-password   (reads a password, prints a hash for secrets.toml)
    python -m loaders new-secret      (prints a session_secret for secrets.toml)
    python -m loaders backup OUT.zip | restore IN.zip

Exit status: 0 when the file can be (or was) imported, 1 when some rows have errors
(nothing written), 2 when the file cannot be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders import importer, reading, store

from loaders.store import export


# Exit status: 0 done, 1 rows in error (nothing written), 2 the file cannot be read,
# 3 another import is writing (try again), 4 the store itself is refused (restore a backup).
EXIT_IMPORT_BUSY = 3
EXIT_STORE_REFUSED = 4


def _print_report(report: importer.ImportReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return
    for row in report.rows:
        flag = " (duplicate)" if row.duplicate else ""
        print(f"row {row.row}: {row.outcome}{flag}: {row.input!r} -> {row.nis or '-'}: {row.message}")
    print(f"{report.file}: {len(report.rows)} rows, {report.errors} with errors")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except store.StoreRefused as refused:
        print(str(refused), file=sys.stderr)
        return EXIT_STORE_REFUSED


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report every row of a file; write nothing")
    check.add_argument("file", type=Path)
    check.add_argument("--kind", required=True, choices=sorted(reading.KINDS))
    check.add_argument("--json", action="store_true", help="print one JSON object")
    load = commands.add_parser("import", help="import a file whole, or nothing of it")
    load.add_argument("file", type=Path)
    load.add_argument("--kind", required=True, choices=sorted(reading.KINDS))
    load.add_argument("--json", action="store_true", help="print one JSON object")
    out = commands.add_parser("export", help="export a kind of record to CSV or XLSX")
    out.add_argument("--kind", required=True, choices=sorted(reading.KINDS))
    out.add_argument("out", type=Path)
    save = commands.add_parser("backup", help="write the whole store to a .zip")
    save.add_argument("out", type=Path)
    restore = commands.add_parser("restore", help="replace the whole store by a backup (all or nothing)")
    restore.add_argument("backup", type=Path)
    commands.add_parser("hash-password", help="print a salted hash of a password read from standard input")
    commands.add_parser("new-secret", help="print a random session_secret for secrets.toml")
    args = parser.parse_args(argv)
    if args.command == "new-secret":
        from loaders import access

        print(access.new_session_secret())
        return 0
    if args.command == "hash-password":
        import getpass

        from loaders import access

        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
        print(access.hash_password(password))
        return 0

    if args.command in ("backup", "restore"):
        from loaders.store import backup

        engine = store.open_store(seed_demo=False)
        try:
            if args.command == "backup":
                manifest = backup.backup_store(engine, args.out)
            else:
                manifest = backup.restore_store(engine, args.backup)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return 2
        rows = sum(t["rows"] for t in manifest["tables"].values())
        print(f"{args.command}: {rows} rows in {len(manifest['tables'])} tables (schema {manifest['revision']})")
        return 0
    try:
        if args.command == "check":
            engine = store.open_store()
            report, _ = importer.check_file(args.file, args.kind, engine)
            _print_report(report, args.json)
            return 1 if report.errors else 0
        if args.command == "import":
            engine = store.open_store()
            try:
                report = importer.import_file(engine, args.file, args.kind)
            except importer.ImportRefused as refused:
                _print_report(refused.report, args.json)
                print(str(refused), file=sys.stderr)
                return 1
            except importer.ImportBusy as busy:
                print(str(busy), file=sys.stderr)
                return EXIT_IMPORT_BUSY
            _print_report(report, args.json)
            if not args.json:
                print(f"imported: {report.written} written, {report.skipped} skipped"
                      + (" (the demo dataset was replaced)" if report.replaced_demo else ""))
            return 0
        count = export.export_file(store.open_store(), args.kind, args.out)
        print(f"{args.out}: {count} rows")
        return 0
    except reading.ReadError as error:
        print(str(error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
