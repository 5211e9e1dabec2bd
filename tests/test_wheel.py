"""The distribution as a user installs it: a wheel built from the sources, installed non-editable into a fresh
venv, running the README's main job and one search from a folder outside the checkout."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "claimledger"
# What a source copy leaves out: the venv, caches, build leftovers and run outputs are no part of a wheel.
_IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist", "ledger",
                                 ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "test-artifacts",
                                 "artifacts", "out")


def _data_files() -> set[str]:
    """Every file of the package that is not Python source, as a path inside the wheel."""
    return {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def _sh(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, built once from a copy of the sources (so nothing is written into the checkout), and what the
    build printed on stderr."""
    tmp = tmp_path_factory.mktemp("wheel")
    source, wheels = tmp / "src", tmp / "wheels"
    shutil.copytree(ROOT, source, ignore=_IGNORE)
    # --no-build-isolation: setuptools comes from this venv, so building needs no index
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "-w", str(wheels), str(source)], cwd=tmp, env=_env(tmp), capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    wheel, = wheels.glob("claimledger-*.whl")
    return wheel, done.stderr


def test_wheel_builds_without_warnings_and_holds_every_data_file(built: tuple[Path, str]) -> None:
    """Regression: setuptools warned "Package 'claimledger.corpus.papers' is absent from the `packages`
    configuration" (and the same of ``claimledger.outputs.templates``): a data folder that Python can import as a
    namespace package must be listed, or a later setuptools leaves its files out of the wheel."""
    wheel, stderr = built
    assert "Warning" not in stderr, stderr[:2000]
    inside = set(zipfile.ZipFile(wheel).namelist())
    assert _data_files() - inside == set()
    assert {"claimledger/py.typed", "claimledger/models/pair_model.json", "claimledger/corpus/catalog.csv",
            "claimledger/outputs/templates/factsheet.html.j2"} <= inside
    assert len([n for n in inside if n.startswith("claimledger/corpus/papers/")]) == 5


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path, built: tuple[Path, str]) -> None:
    """Isolation from the checkout: the wheel (the fixture ``built``) is installed with ``--no-deps --no-index``
    into a fresh venv (not editable, no ``--system-site-packages``), and every command runs with the working folder
    and ``HOME`` in a temporary folder and no ``PYTHONPATH``. The heavy dependencies (torch, spaCy and its model,
    the embedding weights) are not reinstalled: a ``.pth`` line appends the project venv's site-packages to the
    fresh venv's path, *after* its own site-packages. A path in a ``.pth`` file is not a site directory, so the
    project venv's own ``.pth`` files (among them the editable install that points at the checkout) are not run. The
    test asserts that ``claimledger`` imports from the fresh venv, not from the checkout, that the wheel holds every
    data file of the package (models, papers, catalog, templates, ``py.typed``), and that ``run`` and ``search``
    work on the bundled corpus, which they read from the installed package."""
    wheel, _ = built
    work = tmp_path / "work"
    work.mkdir()
    env = _env(work)

    venv = tmp_path / "venv"
    _sh(sys.executable, "-m", "venv", venv, cwd=work, env=env)
    python = venv / "bin" / "python"
    _sh(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=work, env=env)
    purelib = Path(_sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       cwd=work, env=env).strip())
    (purelib / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    where = json.loads(_sh(python, "-c", "import claimledger, json; print(json.dumps([claimledger.__file__, "
                                         "claimledger.__version__]))", cwd=work, env=env))
    installed = Path(where[0]).resolve()
    assert installed.is_relative_to(purelib.resolve()) and not installed.is_relative_to(ROOT)
    assert where[1] == "0.1.0"
    cli = venv / "bin" / "claimledger"
    assert _sh(cli, "--version", cwd=work, env=env).strip() == "claimledger 0.1.0"

    summary = _sh(cli, "run", "--out", "ledger", cwd=work, env=env)
    assert summary.startswith("5 documents") and "0 errors" in summary
    for name in ("claims.csv", "claims.parquet", "ledger.sqlite", "references.bib", "factsheet.html", "audit.md",
                 "reconciliation.json", "index/embeddings.npy"):
        assert (work / "ledger" / name).is_file(), name
    hits = json.loads(_sh(cli, "search", "How many Mexican-born university graduates live in the United States?", "--k",
                          "5", "--json", cwd=work, env=env))["hits"]
    assert len(hits) == 5 and {385000.0, 261000.0} <= {h["value"] for h in hits}  # issue 12's bar
