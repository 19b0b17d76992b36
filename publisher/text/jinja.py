"""The two Jinja environments: trusted templates, and sandboxed chapter text.

Templates (the project's ``templates/``, then the built-in theme: :mod:`publisher.theme`) are the
designer's: autoescaped, ``StrictUndefined``,
with ``jinja2.ext.i18n`` bound to the edition's gettext catalog. Chapter text is
the editors': it runs in a :class:`~jinja2.sandbox.SandboxedEnvironment` (no access
to Python internals), also ``StrictUndefined``, so an unknown ``data.*`` key is an
error at the chapter's line.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from publisher.diagnostics import PublisherError
from publisher.languages import find
from publisher.text.catalogs import load_translations
from publisher.text.locale import jinja_filters
from publisher.theme import THEME_DIR

MAX_OUTPUT_CHARS = 20_000_000
"""Bound on the text a chapter's Jinja may produce (guards runaway loops)."""
MAX_LOOP_STEPS = 1_000_000
"""Bound on the ``range()`` steps one chapter may take, nested loops included."""
MAX_RANGE = 10_000
"""Bound on one ``range()``: a chapter has no business counting further."""
MAX_SECONDS = 10.0
"""Wall-clock bound on one chapter's expressions (loops over large data, deep recursion)."""
MAX_OPERAND = 1_000_000
"""Bound on the result of ``*`` and ``**`` (``'x' * 10**9`` would exhaust memory)."""

_steps: ContextVar[list[int]] = ContextVar("chapter_steps")


class ChapterTooExpensive(Exception):
    """A chapter's expressions exceeded one of the bounds above."""


def _bounded_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise ChapterTooExpensive(f"range() of {len(numbers):,} numbers (limit {MAX_RANGE:,})")
    budget = _steps.get([MAX_LOOP_STEPS])
    for n in numbers:
        budget[0] -= 1
        if budget[0] < 0:
            raise ChapterTooExpensive(f"the chapter's loops take more than {MAX_LOOP_STEPS:,} steps")
        yield n


class _ChapterSandbox(SandboxedEnvironment):
    """Sandbox that also bounds ``range()``, ``*``/``**`` and refuses private attributes."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(right) > 64:
                raise ChapterTooExpensive(f"power with exponent {right} (limit 64)")
            return left**right
        if isinstance(left, int) and not isinstance(left, bool) and hasattr(right, "__len__"):
            left, right = right, left
        if hasattr(left, "__len__") and isinstance(right, int) and len(left) * right > MAX_OPERAND:
            raise ChapterTooExpensive(f"repetition producing {len(left) * right:,} items (limit {MAX_OPERAND:,})")
        return left * right


class _TimeUp(ChapterTooExpensive):
    """Raised asynchronously in the rendering thread when its deadline passes."""


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Make ``exc_type`` pending in thread ``thread_id`` (``None`` clears a pending one)."""
    exc = None if exc_type is None else ctypes.py_object(exc_type)  # None is passed as NULL
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exc)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise ChapterTooExpensive in the calling thread after ``seconds``, in any thread.

    No signal (``SIGALRM`` reaches the main thread only, and ``serve`` renders in its watcher
    thread): a timer thread makes the exception pending in this thread, which raises it at its
    next bytecode, inside the chapter's template code. A lock keeps the timer from firing once
    the block has ended, and an exception still pending then is cleared.
    """
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                _raise_in(thread_id, _TimeUp)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except _TimeUp as exc:
        exc.args = (f"the chapter's expressions ran for more than {seconds:g} s",)
        raise
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:
                _raise_in(thread_id, None)  # not raised yet: it must not surface after the block


@lru_cache(maxsize=8)
def chapter_env(lang: str) -> SandboxedEnvironment:
    """The sandboxed environment chapter Markdown is rendered in, for one language."""
    # "{#id}" is Markdown attribute syntax, so Jinja comments are spelled "{{# … #}}" in chapters.
    env = _ChapterSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        comment_start_string="{{#",
        comment_end_string="#}}",
    )
    env.filters.update(jinja_filters(lang))
    env.globals["range"] = _bounded_range
    return env


def _template_line(exc: BaseException, filename: str) -> int:
    """The line in the chapter's template that raised ``exc`` (Jinja rewrites tracebacks)."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _suspended_line(generator: Iterator[str], template: jinja2.Template) -> int:
    """The chapter line where ``template.generate()`` is paused (at an output), or 0.

    A limit that strikes while the output is being collected, outside the template's code, is
    located by the line the template's own generator stopped at.
    """
    inner: Any = generator
    while getattr(inner, "gi_yieldfrom", None) is not None:
        inner = inner.gi_yieldfrom
    frame = getattr(inner, "gi_frame", None)
    if frame is None or frame.f_code.co_filename != template.filename:
        return 0
    return template.get_corresponding_lineno(frame.f_lineno)


def render_chapter_text(text: str, path: Path, first_line: int, lang: str, context: dict[str, Any]) -> str:
    """Run the Jinja expressions of a chapter body; errors point at the chapter's line."""
    env = chapter_env(lang)
    filename = "<template>"  # Jinja's name for a template made from a string, in tracebacks
    try:
        template = env.from_string(text)
    except jinja2.TemplateSyntaxError as exc:
        raise PublisherError.at(path, first_line + (exc.lineno or 1) - 1, f"template syntax: {exc.message}") from None
    token = _steps.set([MAX_LOOP_STEPS])
    generator: Iterator[str] = iter(())
    try:
        with _deadline(MAX_SECONDS):
            parts: list[str] = []
            size = 0
            generator = template.generate(**context)
            for part in generator:
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    raise ChapterTooExpensive(
                        f"the chapter's expressions produce more than {MAX_OUTPUT_CHARS:,} characters"
                    )
                parts.append(part)
            out = "".join(parts)
    except ChapterTooExpensive as exc:
        line = _template_line(exc, filename) or _suspended_line(generator, template)
        raise PublisherError.at(path, first_line + max(line, 1) - 1, f"too expensive: {exc}") from None
    except MemoryError:
        raise PublisherError.at(
            path, first_line, "too expensive: the chapter's expressions ran out of memory"
        ) from None
    except jinja2.UndefinedError as exc:
        line = _template_line(exc, filename)
        raise PublisherError.at(path, first_line + max(line, 1) - 1, f"unknown value: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        line = _template_line(exc, filename)
        raise PublisherError.at(path, first_line + max(line, 1) - 1, f"not allowed in a chapter: {exc}") from None
    except RecursionError:
        raise PublisherError.at(path, first_line, "template recursion too deep") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, OverflowError, KeyError) as exc:
        line = _template_line(exc, filename)
        raise PublisherError.at(
            path, first_line + max(line, 1) - 1, f"cannot evaluate: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        _steps.reset(token)
    return out


def template_env(templates_dir: Path, lang: str, source_lang: str | None = None) -> jinja2.Environment:
    """The trusted environment for the designer's templates, in one language, with its current catalog.

    ``templates_dir`` is the project's ``templates/`` (it need not exist): a template is looked up
    there first, then in the built-in theme. A string ``lang``'s catalog does not translate falls
    back to ``source_lang``'s translation. The catalog is installed on every call (compiled once
    per version of the .po files): an edited catalog reaches the next build in the same process
    (``serve``, tests), as edited templates do.
    """
    env = _template_env(templates_dir, lang)
    translations = load_translations(templates_dir / "locales", lang, source_lang)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


class _ProjectThenTheme(jinja2.BaseLoader):
    """The project's override of a template first, then the theme's (MkDocs' ``custom_dir``).

    A cached template is also out of date when an override appears or goes (Jinja's ChoiceLoader
    would keep serving the theme's copy until the theme's file changed).
    """

    def __init__(self, templates_dir: Path):
        self.templates_dir = templates_dir
        self.project = jinja2.FileSystemLoader(str(templates_dir))
        self.theme = jinja2.FileSystemLoader(str(THEME_DIR))

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        own = self.templates_dir.joinpath(*split_template_path(template))
        overridden = own.is_file()
        source, filename, uptodate = (self.project if overridden else self.theme).get_source(environment, template)
        return source, filename, lambda: own.is_file() == overridden and uptodate()

    def list_templates(self) -> list[str]:
        return sorted(set(self.project.list_templates()) | set(self.theme.list_templates()))


@lru_cache(maxsize=16)
def _template_env(templates_dir: Path, lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_ProjectThenTheme(templates_dir),
        autoescape=lambda name: name is not None and name.endswith((".html.j2", ".xml.j2", ".html")),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(jinja_filters(lang))
    return env


def render_template(
    templates_dir: Path, template_lang: str, name: str, *, source_lang: str | None = None, **context: Any
) -> str:
    """Render one of the designer's templates (the project's, else the theme's); errors point at the
    template's line. Strings untranslated in ``template_lang`` are shown in ``source_lang``.

    Every template gets ``dir``, the writing direction of ``template_lang`` (``ltr``/``rtl``).
    """
    env = template_env(templates_dir, template_lang, source_lang)
    found = find(template_lang)
    context.setdefault("dir", found.direction if found is not None else "ltr")
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise PublisherError.at(
            exc.filename or templates_dir / name, exc.lineno or 0, f"template syntax: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        tb = sys.exc_info()[2]
        line, where = 0, str(templates_dir / name)
        while tb is not None:
            fname = tb.tb_frame.f_code.co_filename
            if fname.startswith((str(templates_dir), str(THEME_DIR))):
                line, where = tb.tb_lineno, fname
            tb = tb.tb_next
        raise PublisherError.at(where, line, f"template: {exc}") from None
