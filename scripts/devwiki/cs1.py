"""A wiki running English Wikipedia's citation module (Module:Citation/CS1) under Scribunto.

The *CS1 template* is the plain template (``template.py``) plus Scribunto on Debian's
``lua5.1`` (engine ``luastandalone``), a no-op ``<templatestyles>`` tag, a stub
``Help:CS1 errors`` page (error links to a missing page lose their ``#anchor``) and the pages
of ``../shared/testdata/cs1/manifest.json`` imported with their content models. The pages
are read from there when the template is built, never copied into the repository; the
template's directory name carries a hash of them (:func:`module_version`), so a change of the
module builds a new template. Clone it like the plain one: ``DevWiki.create(dir, cs1)``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .errors import DevWikiError, one_line
from .php import run_maintenance
from .secret import cache_root
from .template import build_template, recipe_hash

# ../shared/testdata/cs1 beside the checkout (the worktree's parent holds `shared`).
DEFAULT_CS1_DIR = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "cs1"
LUA_BINARY = "/usr/bin/lua5.1"
CS1_RECIPE = "lib1ref-devwiki-cs1-1"
HELP_PAGE = "Help:CS1 errors"
LUA_CHECK_MODULE = "Module:Devwiki Lua check"
LUA_CHECK_TEXT = "return { main = function () return 'lua ' .. 'runs' end }"

SCRIBUNTO_PHP = f"""
# ---- lib1ref devwiki: Scribunto (Lua) for Module:Citation/CS1 ----
wfLoadExtension( 'Scribunto' );
$wgScribuntoDefaultEngine = 'luastandalone';
$wgScribuntoEngineConf['luastandalone']['luaPath'] = '{LUA_BINARY}';
$wgScribuntoEngineConf['luastandalone']['cpuLimit'] = 120;
$wgScribuntoEngineConf['luastandalone']['errorFile'] = __DIR__ . '/logs/lua.log';
# The module adds <templatestyles>; without the TemplateStyles extension it would show as
# text. Styling only: the tag renders nothing.
$wgHooks['ParserFirstCallInit'][] = static function ( $parser ) {{
\t$parser->setHook( 'templatestyles', static function () {{ return ''; }} );
}};
"""

HELP_TEXT = (
    "Stub of English Wikipedia's help page, so that the module's error links keep their "
    "anchor (a link to a missing page drops it)."
)


@dataclass(frozen=True)
class WikiPage:
    title: str
    model: str
    text: str


def manifest_pages(cs1_dir: Path | None = None) -> list[WikiPage]:
    """The pages of ``manifest.json`` (title -> file, content model), read from ``cs1_dir``."""
    root = cs1_dir or DEFAULT_CS1_DIR
    manifest = root / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        return [
            WikiPage(title, str(e["content_model"]), (root / e["file"]).read_text("utf-8"))
            for title, e in sorted(entries.items())
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DevWikiError(f"cannot read the CS1 module pages from {manifest}: {exc}") from exc


def module_version(cs1_dir: Path | None = None) -> str:
    """A hash of the module pages (titles, models and texts): names the module's version."""
    digest = hashlib.sha256()
    for page in manifest_pages(cs1_dir):
        for part in (page.title, page.model, page.text):
            digest.update(part.encode())
            digest.update(b"\0")
    return digest.hexdigest()[:12]


def export_xml(pages: list[WikiPage]) -> str:
    """The pages as a MediaWiki XML dump (export format 0.11) for importDump.php."""
    out = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">']
    for page in pages:
        fmt = "text/plain" if page.model == "Scribunto" else "text/x-wiki"
        out.append(
            f"<page><title>{escape(page.title)}</title><revision>"
            "<timestamp>2022-09-17T00:00:00Z</timestamp>"
            "<contributor><username>Admin</username></contributor>"
            f"<model>{escape(page.model)}</model><format>{fmt}</format>"
            f'<text xml:space="preserve">{escape(page.text)}</text>'
            "</revision></page>"
        )
    out.append("</mediawiki>\n")
    return "\n".join(out)


def cs1_template_dir(root: Path | None = None, cs1_dir: Path | None = None) -> Path:
    key = f"{CS1_RECIPE}:{recipe_hash()}:{module_version(cs1_dir)}:{SCRIBUNTO_PHP}"
    return (root or cache_root()) / f"cs1-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def _check_lua(settings: Path) -> None:
    """A one-line module through the parser: Scribunto and the Lua binary work."""
    proc = run_maintenance(
        settings,
        "parse",
        "--title",
        "Lua check",
        stdin=f"{{{{#invoke:{LUA_CHECK_MODULE[7:]}|main}}}}",
    )
    if "lua runs" not in proc.stdout:
        raise DevWikiError(
            f"Scribunto does not run Lua ({LUA_BINARY}; is Debian's lua5.1 installed?): "
            f"{one_line(proc.stdout + proc.stderr)}"
        )


def _import(settings: Path, target: Path, pages: list[WikiPage]) -> None:
    dump = target / "cs1-import.xml"
    dump.write_text(export_xml(pages), encoding="utf-8")
    try:
        run_maintenance(settings, "importDump", "--no-updates", str(dump))
    finally:
        dump.unlink(missing_ok=True)


def _build_into(target: Path, cs1_dir: Path | None) -> None:
    settings = target / "LocalSettings.php"
    with open(settings, "a", encoding="utf-8") as out:
        out.write(SCRIBUNTO_PHP)
    _import(settings, target, [WikiPage(LUA_CHECK_MODULE, "Scribunto", LUA_CHECK_TEXT)])
    _check_lua(settings)
    pages = [*manifest_pages(cs1_dir), WikiPage(HELP_PAGE, "wikitext", HELP_TEXT)]
    _import(settings, target, pages)
    run_maintenance(settings, "runJobs")
    (target / "TEMPLATE.json").write_text(
        json.dumps({"recipe": CS1_RECIPE, "module": module_version(cs1_dir)}) + "\n",
        encoding="utf-8",
    )


def build_cs1_template(root: Path | None = None, cs1_dir: Path | None = None) -> Path:
    """Return the CS1 template directory, building it first if needed (safe if concurrent)."""
    root = root or cache_root()
    path = cs1_template_dir(root, cs1_dir)
    marker = path / "TEMPLATE.json"
    if marker.is_file():
        return path
    base = build_template(root)
    with open(root / f"{path.name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file():
            return path
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.build-", dir=root))
        shutil.rmtree(tmp)
        try:
            shutil.copytree(base, tmp, ignore=shutil.ignore_patterns("*.lock", "snapshot"))
            _build_into(tmp, cs1_dir)
            tmp.rename(path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    _prune_stale(root, keep=path)
    return path


def _prune_stale(root: Path, keep: Path) -> None:
    """Remove CS1 templates of older recipes or module versions (and their lock files)."""
    for old in root.glob("cs1-*"):
        if old.is_dir() and old != keep:
            shutil.rmtree(old, ignore_errors=True)
        elif old.suffix == ".lock" and old.name != f"{keep.name}.lock":
            old.unlink(missing_ok=True)
