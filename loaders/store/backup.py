"""A full backup of the store in one portable file, and its restore in one transaction.

The backup is a zip of one JSON-lines file per table plus a manifest with the schema
revision and each table's row count and checksum, so a damaged or foreign file is refused
before anything is deleted.
"""

from __future__ import annotations

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


def restore_store(engine: sa.Engine, backup: Path, actor: str = "command line") -> dict:
    """Replace the store's whole content by a backup's, or change nothing if the backup is bad."""
    backup = Path(backup)
    try:
        archive = zipfile.ZipFile(backup)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValueError(f"{backup.name}: not a backup of this product ({error})") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
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
                body = archive.read(f"{table.name}.jsonl") if expected else b""
            except (zipfile.BadZipFile, KeyError, OSError):
                body = b""
            if expected is None or hashlib.sha256(body).hexdigest() != expected["sha256"]:
                raise ValueError(f"{backup.name}: {table.name}.jsonl is missing or damaged")
            rows = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
            contents[table.name] = [{k: _decode(v) for k, v in row.items()} for row in rows]
    writing.replace_all(engine, contents, TABLES, actor, (
        manifest.get("revision") or "", {"backup": backup.name, "rows": {k: v["rows"] for k, v in manifest["tables"].items()}},
    ))
    return manifest
