"""``publisher serve``: the web edition on localhost, rebuilt on every edit, the browser reloaded.

A watcher thread (watchfiles) follows ``publication.yaml``, ``content/``, ``figures/``,
``templates/`` (the project's overrides of the theme; watched from the moment it appears) and the
built-in theme. An edit to chapters rebuilds the HTML of those chapters' editions only (the
other languages' pages keep their links: see ``available`` in :func:`publisher.site.web_pages`);
any other edit rebuilds the whole web edition — never the PDFs. Pages the rebuild did not
change are not rewritten.

The server adds a small script to every HTML page it serves (never to the built files): it
polls ``/__reload`` and reloads the page when a rebuild has finished, or shows the build's
problems (``path:line: error: message``) over the page. Problems are printed in the terminal
too, and the server keeps running until the input is fixed.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem, PublisherError
from publisher.internal import InternalError

RELOAD_PATH = "/__reload"
WATCHED = ("publication.yaml", "content", "figures", "templates")
IGNORED_SUFFIXES = (".mo", ".tmp", ".pyc", ".swp", "~")

RELOAD_SCRIPT = """<script>/* injected by publisher serve */
(function () {
  var seen = null;
  function overlay(problems) {
    var box = document.getElementById("publisher-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "publisher-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;"
        + "background:#2b0b0b;color:#fff;font:14px/1.5 monospace;padding:1em 1.2em;"
        + "border-top:4px solid #e5484d;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = problems.join("\\n");
  }
  function poll() {
    fetch("/__reload", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen && !s.problems.length) { location.reload(); return; }
      seen = s.generation;
      window.publisherGeneration = seen;  /* the rebuild this page has seen (tests wait on it) */
      overlay(s.problems);
    }).catch(function () {}).then(function () { setTimeout(poll, 100); });
  }
  poll();
})();
</script>
"""


class Preview:
    """The state shared by the watcher and the HTTP handlers: the last rebuild's outcome."""

    def __init__(self, root: Path, log: Callable[[str], None] = print):
        self.root = root
        self.site = root / "build" / "html"
        self.log = log
        self.generation = 0
        self.problems: list[Problem] = []
        self.last_seconds = 0.0
        self._lock = threading.Lock()
        self.stop_event = threading.Event()
        self.watching = threading.Event()
        """Set once the watcher follows the files: an edit from then on is seen."""

    def rebuild(self, changed: Iterable[Path] = ()) -> None:
        """Rebuild the HTML (only the editions of the changed chapters, when that is all that changed)."""
        from publisher.pipeline.stages import build

        documents, languages = self._scope(changed)
        start = time.perf_counter()
        problems: list[Problem] = []
        try:
            _, diags = build(self.root, documents=documents, languages=languages, formats=["html"])
            problems = list(diags.problems)
        except PublisherError as exc:
            problems = list(exc.problems)
        except InternalError as exc:  # a bug, not the edit: say so (traceback in build/.logs); keep serving
            problems = [Problem(str(exc.log or "publisher"), 0, exc.message)]
        seconds = time.perf_counter() - start
        with self._lock:
            self.problems = [p for p in problems if p.severity == "error"]
            self.last_seconds = seconds
            self.generation += 1
        for problem in problems:
            self.log(str(problem))
        what = (
            "all editions"
            if documents is None
            else ", ".join(f"{d}.{lang}" for d in documents for lang in languages or [])
        )
        state = "failed" if self.problems else "rebuilt"
        self.log(f"{state} {what} in {seconds:.2f} s")

    def _scope(self, changed: Iterable[Path]) -> tuple[list[str] | None, list[str] | None]:
        """(documents, languages) to rebuild: narrowed when only chapters changed."""
        documents: set[str] = set()
        languages: set[str] = set()
        content = (self.root / "content").resolve()
        for path in changed:
            if not path.exists() and path.suffix not in (".md", ".yaml", ".yml", ".j2", ".css", ".js", ".po"):
                continue  # an editor's or a tool's temporary file, already gone
            try:
                parts = path.resolve().relative_to(content).parts
            except ValueError:
                return None, None
            if len(parts) != 3 or parts[0] == "data" or not parts[2].endswith(".md"):
                return None, None
            languages.add(parts[0])
            documents.add(parts[1])
        if not documents:
            return None, None
        return sorted(documents), sorted(languages)

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "generation": self.generation,
                "problems": [str(p) for p in self.problems],
                "seconds": round(self.last_seconds, 3),
            }

    def watch(self) -> None:
        """Rebuild on every change until :attr:`stop_event` is set."""
        import watchfiles

        from publisher.theme import THEME_DIR

        def wanted(change: watchfiles.Change, path: str) -> bool:
            name = Path(path).name
            return not name.startswith(".") and not name.endswith(IGNORED_SUFFIXES)

        while not self.stop_event.is_set():
            # the built-in theme too: in a checkout (an editable install) its templates are edited in place
            paths = [self.root / name for name in WATCHED if (self.root / name).exists()] + [THEME_DIR]
            # yield_on_timeout: an empty set every rust_timeout ms without changes, which also tells
            # that the watches are in place
            for changes in watchfiles.watch(
                *paths,
                watch_filter=wanted,
                debounce=400,
                step=20,
                stop_event=self.stop_event,
                yield_on_timeout=True,
                rust_timeout=200,
            ):
                self.watching.set()
                if not changes:
                    appeared = [
                        self.root / n for n in WATCHED if (self.root / n).exists() and self.root / n not in paths
                    ]
                    if appeared:  # e.g. a first override of the theme: watch templates/ from now on
                        self.log("changed: " + ", ".join(_shown(p, self.root) for p in appeared))
                        self.rebuild(appeared)
                        break
                    continue
                changed = sorted({Path(p) for _, p in changes})
                self.log("changed: " + ", ".join(_shown(p, self.root) for p in changed))
                self.rebuild(changed)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves build/html; injects the reload script into HTML; answers ``/__reload``."""

    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any):
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # the terminal shows rebuilds and problems, not every request

    def end_headers(self) -> None:
        # pages are always fetched anew; assets (fonts, charts) are revalidated: a 304 is quicker
        self.send_header("Cache-Control", "no-store" if self._is_page() else "no-cache")
        super().end_headers()

    def _is_page(self) -> bool:
        path = self.path.split("?", 1)[0]
        return path == RELOAD_PATH or path.endswith(("/", ".html"))

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == RELOAD_PATH:
            self._send(json.dumps(self.preview.state()).encode(), "application/json")
            return
        target = Path(self.translate_path(path))
        if target.is_dir():
            if not path.endswith("/"):
                super().do_GET()  # the stdlib redirects to the slash form
                return
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            html = target.read_text(encoding="utf-8")
            cut = html.rfind("</body>")
            cut = cut if cut >= 0 else len(html)
            self._send((html[:cut] + RELOAD_SCRIPT + html[cut:]).encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PreviewServer:
    """The preview: an initial HTML build, a watcher thread and an HTTP server thread."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, log: Callable[[str], None] = print):
        self.preview = Preview(root, log)
        self.httpd = ThreadingHTTPServer((host, port), partial(PreviewHandler, preview=self.preview))
        self.httpd.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> None:
        """Build, then serve and watch in background threads."""
        self.preview.rebuild()
        for target in (self.httpd.serve_forever, self.preview.watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        if not self.preview.watching.wait(timeout=30):
            self.preview.log("warning: the file watcher has not started; edits may go unseen")

    def stop(self) -> None:
        self.preview.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, log: Callable[[str], None] = print) -> None:
    """Run the preview until interrupted (Ctrl-C)."""
    server = PreviewServer(root, host, port, log)
    server.start()
    log(
        f"serving {server.preview.site} at {server.url} — edits to content, data, figures and templates "
        "rebuild the HTML; Ctrl-C stops"
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        log("stopping")
    finally:
        server.stop()
