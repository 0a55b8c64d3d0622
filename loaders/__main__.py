"""Command line of the registry: check, import and export files.

    python -m loaders check FILE --kind status|visits [--json] [--map DECISIONS.toml] [--save-map OUT.toml]
    python -m loaders import FILE --kind status|visits [--map DECISIONS.toml] [--only-good --left-out OUT.csv]
    python -m loaders export --kind status|visits OUT.csv|OUT.xlsx
    python -m loaders hash-password   (reads a password, prints a hash for secrets.toml)
    python -m loaders new-secret      (prints a session_secret for secrets.toml)
    python -m loaders backup OUT.zip | restore IN.zip

Exit status: 0 when the file can be (or was) imported, 1 when some rows have errors or
questions (nothing written, unless --only-good), 2 when the file (or the --map file) cannot be
read at all.

`check` proposes which column is which field and what each value means, and asks about what it
cannot know: answer in a decisions file (TOML or JSON; `--save-map` writes one with what this
check applied, to edit) and pass it with `--map`. Row outcomes: ok, merged, section,
postal_code (these land), total, skipped (never land), ambiguous, unknown, invalid, question
(errors).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders import importer, mapping, reading, store
from loaders.store import export
from locales import Message

# Exit status: 0 done, 1 rows in error (nothing written), 2 the file cannot be read,
# 3 another import is writing (try again), 4 the store itself is refused (restore a backup).
EXIT_IMPORT_BUSY = 3
EXIT_STORE_REFUSED = 4


def _print_report(report: importer.ImportReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return
    for column in report.columns:
        where = f"sheet '{column['sheet']}', " if column["sheet"] else ""
        read_as = column["field"] or ("? " + (column["proposal"] or "")).strip()
        print(f"{where}column {column['column']} '{column['header']}': {read_as} ({column['evidence']})")
    for row in report.rows:
        flag = " (duplicate)" if row.duplicate else ""
        sheet = f"sheet '{row.sheet}' " if row.sheet else ""
        print(f"{sheet}row {row.row}: {row.outcome}{flag}: {row.input!r} -> {row.nis or '-'}: {row.message}")
    for question in report.questions:
        print(f"question ({question.count} row(s)): {question.note}"
              + (f" [suggestions: {', '.join(question.suggestions)}]" if question.suggestions else ""))
    print(f"{report.file}: {len(report.rows)} rows, {report.errors} with errors, {len(report.questions)} question(s)")
    if report.demo:
        print(str(report.demo_warning))


def _decisions(path: Path | None, kind: str) -> mapping.Decisions | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise mapping.MappingError(Message("map_file_unreadable", file=path.name, error=error.strerror or str(error))) from None
    return mapping.parse_decisions(text, kind, path.name)


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
    check.add_argument("--map", type=Path, help="decisions (TOML or JSON): columns, values, places")
    check.add_argument("--save-map", type=Path, help="write the decisions this check applied, as TOML, to edit")
    load = commands.add_parser("import", help="import a file whole, or nothing of it")
    load.add_argument("file", type=Path)
    load.add_argument("--kind", required=True, choices=sorted(reading.KINDS))
    load.add_argument("--json", action="store_true", help="print one JSON object")
    load.add_argument("--map", type=Path, help="decisions (TOML or JSON): columns, values, places")
    load.add_argument("--only-good", action="store_true", help="import the rows without problems, leave out the others")
    load.add_argument("--left-out", type=Path, help="with --only-good: write the rows left out, with why, to this CSV")
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
            report, _ = importer.check_file(args.file, args.kind, engine, _decisions(args.map, args.kind))
            _print_report(report, args.json)
            if args.save_map:
                args.save_map.write_text(report.decisions.to_toml(), encoding="utf-8")
            return 1 if report.errors else 0
        if args.command == "import":
            engine = store.open_store()
            try:
                report = importer.import_file(
                    engine, args.file, args.kind, decisions=_decisions(args.map, args.kind), only_good=args.only_good,
                )
            except importer.ImportRefused as refused:
                _print_report(refused.report, args.json)
                print(str(refused), file=sys.stderr)
                return 1
            except importer.ImportBusy as busy:
                print(str(busy), file=sys.stderr)
                return EXIT_IMPORT_BUSY
            _print_report(report, args.json)
            if args.left_out and report.left_out:
                args.left_out.write_bytes(importer.left_out_csv(report))
            if not args.json:
                print(f"imported: {report.written} written, {report.skipped} skipped, {report.left_out} left out"
                      + (" (the demo dataset was replaced)" if report.replaced_demo else ""))
            return 0
        count = export.export_file(store.open_store(), args.kind, args.out)
        for warning in count.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"{args.out}: {count} rows")
        return 0
    except (reading.ReadError, mapping.MappingError) as error:
        print(str(error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
