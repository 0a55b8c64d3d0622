"""A full backup of the store in one portable file, and its restore in one transaction.

The backup is a zip of one JSON-lines file per table plus a manifest with the schema
revision and each table's row count and checksum, so a damaged or foreign file is refused
before anything is deleted.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import sqlalchemy as sa

from loaders.store import engine as store_engine, reading, writing
from loaders.store.schema import BACKUP_TABLES as TABLES


def _encode(value):
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict) and "datetime" in value:
        return dt.datetime.fromisoformat(value["datetime"])
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    return value


def backup_store(engine: sa.Engine, out: Path) -> dict:
    """Write every table to `out` (a .zip); returns the manifest."""
    out = Path(out)
    manifest = {"revision": store_engine.schema_revision(engine), "tables": {}}
    partial = out.with_name(f".{out.name}.partial")
    with engine.connect() as connection, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            lines = [
                json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True)
                for row in reading.table_rows(connection, table)
            ]
            body = "\n".join(lines).encode("utf-8")
            archive.writestr(f"{table.name}.jsonl", body)
            manifest["tables"][table.name] = {"rows": len(lines), "sha256": hashlib.sha256(body).hexdigest()}
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    partial.replace(out)
    return manifest


# A backup of the largest store the product takes (200,000-row imports, 100,000 visits) unpacks
# to well under this; a zip that claims or unpacks to more is refused before it fills memory.
MAX_UNPACKED_BYTES = 1_000_000_000


def _check_sizes(name: str, archive: zipfile.ZipFile) -> None:
    declared = sum(member.file_size for member in archive.infolist())
    if declared > MAX_UNPACKED_BYTES:
        raise ValueError(f"{name}: unpacks to {declared / 1e6:,.0f} MB, more than a backup of this product can hold")
    if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in archive.infolist()):
        raise ValueError(f"{name}: not a backup of this product (unexpected compression)")


def _read_member(name: str, archive: zipfile.ZipFile, member_name: str) -> bytes:
    """A member read in chunks, never past what it declares: a zip may claim little and
    unpack to gigabytes."""
    member = copy.copy(archive.getinfo(member_name))
    declared = member.file_size
    member.file_size = declared + 1  # so that zipfile reads past the claim, and we see it
    member.CRC = None
    chunks, unpacked = [], 0
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            unpacked += len(chunk)
            if unpacked > declared:
                raise ValueError(f"{name}: {member_name} unpacks to more than it declares; not a backup of this product")
            chunks.append(chunk)
    return b"".join(chunks)


def _validate(name: str, contents: dict[str, list[dict]]) -> None:
    """Every restored row as an import would take it: the vocabulary's codes, today's
    municipalities, dates, texts that fit their columns, and the rows each row points to."""
    from geo import gazetteer
    from loaders import vocabulary

    codes = gazetteer.codes_2025()
    cells = {row.get("cell_id") for row in contents["cells"]}
    visit_ids = {row.get("visit_id") for row in contents["visits"]}
    rules = {
        "cells": {"kind": vocabulary.CELL_KINDS.codes, "established": "date?"},
        "cell_members": {"cell_id": cells, "nis_2025": codes, "joined": "date", "left_on": "date?"},
        "status_events": {"status": vocabulary.STATUSES.codes, "nis_2025": codes, "effective": "date",
                          "cell_id": cells | {None}},
        "visits": {"team": vocabulary.TEAMS.codes, "offer": vocabulary.OFFERS.codes, "visited_on": "date",
                   "follow_up": "date?"},
        "visit_municipalities": {"visit_id": visit_ids, "nis_2025": codes},
        "programmes": {"nis_2025": codes},
    }
    for table in TABLES:
        for number, row in enumerate(contents[table.name], start=1):
            where = f"{name}: {table.name}.jsonl, row {number}"
            unknown = set(row) - set(table.columns.keys())
            if unknown:
                raise ValueError(f"{where}: unknown column(s) {', '.join(sorted(unknown))}")
            for column in table.columns:
                value = row.get(column.name)
                if value is None and not column.nullable and column.server_default is None and not column.autoincrement:
                    raise ValueError(f"{where}, column {column.name}: empty")
                length = getattr(column.type, "length", None)
                if isinstance(value, str) and length and len(value) > length:
                    raise ValueError(f"{where}, column {column.name}: longer than {length} characters")
            for column, allowed in rules.get(table.name, {}).items():
                value = row.get(column)
                if allowed in ("date", "date?"):
                    if not (isinstance(value, dt.date) or (allowed == "date?" and value is None)):
                        raise ValueError(f"{where}, column {column}: not a date: {value!r}")
                elif value not in allowed:
                    raise ValueError(f"{where}, column {column}: {value!r} is not allowed here")


def restore_store(engine: sa.Engine, backup: Path, actor: str = "command line") -> dict:
    """Replace the store's whole content by a backup's, or change nothing if the backup is bad."""
    backup = Path(backup)
    try:
        archive = zipfile.ZipFile(backup)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValueError(f"{backup.name}: not a backup of this product ({error})") from None
    with archive:
        _check_sizes(backup.name, archive)
        try:
            manifest = json.loads(_read_member(backup.name, archive, "manifest.json"))
        except (KeyError, ValueError):
            raise ValueError(f"{backup.name}: no readable manifest.json") from None
        if manifest.get("revision") != store_engine.schema_revision(engine):
            raise ValueError(
                f"{backup.name}: made with schema {manifest.get('revision')}, "
                f"the store is at {store_engine.schema_revision(engine)}"
            )
        contents = {}
        for table in TABLES:
            expected = manifest["tables"].get(table.name)
            try:
                body = _read_member(backup.name, archive, f"{table.name}.jsonl") if expected else b""
            except (zipfile.BadZipFile, KeyError, OSError):
                body = b""
            if expected is None or hashlib.sha256(body).hexdigest() != expected["sha256"]:
                raise ValueError(f"{backup.name}: {table.name}.jsonl is missing or damaged")
            rows = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
            contents[table.name] = [{k: _decode(v) for k, v in row.items()} for row in rows]
    _validate(backup.name, contents)
    writing.replace_all(engine, contents, TABLES, actor, (
        manifest.get("revision") or "", {"backup": backup.name, "rows": {k: v["rows"] for k, v in manifest["tables"].items()}},
    ))
    return manifest
