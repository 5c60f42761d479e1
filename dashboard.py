"""Composition root: build the Dash app from validated data, and the command line.

    python dashboard.py run [--host H] [--port P] [--data-dir DIR]
    python dashboard.py check [--data-dir DIR]
    python dashboard.py export --out DIR [--format png,svg,pdf] [--lang zh|en]
                                [--preset word|slide|square|screen] [--scale S]
    python dashboard.py db upgrade | library | ingest FILE | import-data DIR
    python dashboard.py export-data SLUG --out DIR      (see library/cli.py)
    python dashboard.py user add NAME [--replace] | remove NAME | list
                                                        (see editors/cli.py)

WSGI servers import ``dashboard:server``; the app is built on first access.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dash import CeleryManager, Dash

import editors
from callbacks import register_all
from callbacks.exports import jobs_unavailable
from components import ids
from components.layout import make_shell, make_validation_layout
from data import DataError, Dataset, load_dataset
from editors import cli as editors_cli
from exporter import cli as export_cli
from exporter.images import cjk_font_problem
from i18n import DEFAULT_LANGUAGE, HTML_LANG, LANGUAGES, t
from library import LibraryError
from library import cli as library_cli
from library.shelf import Shelf, open_shelf
from serving import SettingsError, settings_from
from serving.cache import ResponseCache, fingerprint
from serving.compression import StaticCompression
from serving.guard import guard
from serving.jobs import job_manager
from serving.security import secure

ROOT = Path(__file__).resolve().parent
# The code that shapes an answer: cached answers from another version are not served.
RENDERING_CODE = ("callbacks", "components", "data", "figures", "i18n")
JOBS_EXTENSION = "campaign_jobs"
SHELF_EXTENSION = "report_shelf"  # the reports this app serves (library.shelf)
INDEX_STRING = """<!DOCTYPE html>
<html lang="{html_lang}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


def create_app(config: dict[str, Any] | None = None) -> Dash:
    """A fresh app on the given data; raises DataError when the data is not valid.

    ``config`` overrides the settings of ``serving.DEFAULTS`` (and the environment),
    and may hold ``DATASET``, an already loaded Dataset, instead of ``DATA_DIR``."""
    config = dict(config or {})
    given: Dataset | None = config.pop("DATASET", None)
    shelf = (
        Shelf.single(given)
        if given is not None
        else open_shelf(config.get("DATA_DIR") or os.environ.get("DATA_DIR") or None)
    )
    settings = settings_from(config)
    # Keys of background jobs carry this app's own token: a job left half-done by
    # an earlier server (stopped mid-export) can never answer for a new one. Any
    # worker can still poll any job: the job store is shared.
    token = uuid.uuid4().hex
    jobs = job_manager(settings, [lambda: token])
    app = Dash(
        __name__,
        background_callback_manager=jobs,
        title=t("app.title", DEFAULT_LANGUAGE),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        compress=True,  # gzip/brotli/zstd, whichever the client asks for
        update_title=None,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"}
        ],
    )
    # After Dash's flask-compress, so it runs first.
    StaticCompression(app.server, Path(settings["CACHE_DIR"]) / "static")
    app.index_string = INDEX_STRING.format(html_lang=HTML_LANG[DEFAULT_LANGUAGE])
    app.layout = make_shell()
    app.validation_layout = make_validation_layout()
    app.server.extensions[JOBS_EXTENSION] = jobs
    app.server.extensions[SHELF_EXTENSION] = shelf
    if warning := cjk_font_problem():
        logging.getLogger(__name__).warning(warning)
    responses = ResponseCache(app.server, settings, version(shelf))
    guard(app, status={ids.EXPORT_STATUS: jobs_unavailable})
    # No library, no editors: /sign-in says so and every write is refused.
    editors.install(app, shelf.library.engine if shelf.library else None)
    register_all(app, shelf, responses)
    secure(app)  # after the callbacks: the policy lists their inline scripts by hash
    # Dash sets itself up on its first request and lets the requests that arrive
    # meanwhile, on other threads, skip that set-up: a script asked for then was
    # refused ("not a registered library") and the page stayed at "Loading...".
    # Set up now, before any request.
    app._setup_server()
    return app


def version(shelf: Shelf) -> str | Callable[[], str]:
    """What cached answers depend on: the code that renders them, and the data:
    one report's fingerprint, or the version of every report of the library
    (asked per request, so an answer from an older version is never served)."""
    code = [
        path
        for folder in RENDERING_CODE
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".json", ".csv"}
    ]
    if shelf.library is None:
        return fingerprint(code, extra=shelf.dataset(shelf.default).fingerprint())
    # Which library (two dashboards may share a cache) and which report the
    # address without report= shows (REPORT may differ between them).
    where = hashlib.sha256(
        shelf.library.engine.url.render_as_string(hide_password=False).encode()
    ).hexdigest()[:12]
    rendering = fingerprint(code, extra=f"{where}:{shelf.default}")
    return lambda: f"{rendering}:{shelf.versions()}"


def __getattr__(name: str) -> Any:
    # ``gunicorn dashboard:server`` builds the app when asked, not at import.
    if name == "server":
        return create_app().server
    if name == "celery_app":  # ``celery -A dashboard:celery_app worker`` (REDIS_URL)
        jobs = create_app().server.extensions[JOBS_EXTENSION]
        if not isinstance(jobs, CeleryManager):
            raise SystemExit("Set REDIS_URL to a running Redis to start job workers.")
        return jobs.handle
    raise AttributeError(f"module 'dashboard' has no attribute {name!r}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="The campaign statistics dashboard.")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="serve the dashboard (the default command)")
    run.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8050")))
    check = sub.add_parser("check", help="validate the data and exit")
    library_cli.add_parsers(sub)
    editors_cli.add_parsers(sub)
    export = sub.add_parser("export", help="write every chart as image files")
    export_cli.add_arguments(export)
    export.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    for command in (run, check, export):
        command.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="folder with report and tables (default: data/)",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    command = args.command or "run"
    if command in library_cli.COMMANDS:
        return library_cli.run(args)
    if command in editors_cli.COMMANDS:
        return editors_cli.run(args)
    data_dir = getattr(args, "data_dir", None)
    try:
        if command == "check":
            dataset = load_dataset(data_dir)
            print(
                f"OK: {len(dataset.facts)} facts, {len(dataset.items)} list items, "
                f"{len(dataset.outline)} sections; every excerpt matches the report."
            )
            return 0
        if command == "export":
            return export_cli.run_command(lambda: load_dataset(data_dir), args)
        app = create_app({"DATA_DIR": data_dir})
    except (DataError, SettingsError, LibraryError) as error:
        print(error, file=sys.stderr)
        return 2
    host = getattr(args, "host", "127.0.0.1")
    port = getattr(args, "port", 8050)
    print(f"Dashboard running at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    app.run(host=host, port=port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
