"""The wheel and the sdist ship the built front end; the wheel imports in a clean place."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATIC = ("session.js", "campaign.js", "styles.css", "lab.js", "lab-styles.css")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--wheel",
            "--sdist",
            "--outdir",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out


def test_wheel_ships_the_front_end_and_package_data(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for asset in STATIC:
        assert f"puffle_widgets/static/{asset}" in names
    assert "puffle_widgets/render/static.css" in names
    assert "puffle_widgets/py.typed" in names
    assert not any(n.startswith(("tests/", "js/")) for n in names)


def test_sdist_ships_the_front_end_and_its_sources(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for asset in STATIC:
        assert f"puffle_widgets/static/{asset}" in names
    assert "js/src/types.ts" in names
    assert "js/package-lock.json" in names
    assert not any("node_modules" in n for n in names)


def test_the_wheel_imports_outside_the_checkout(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    code = (
        "import puffle_widgets, pathlib;"
        "from puffle_widgets.widgets.assets import asset;"
        "print(pathlib.Path(puffle_widgets.__file__).parent.parent == pathlib.Path('.').resolve(),"
        " asset('session.js').stat().st_size > 1000)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=target,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.split() == ["True", "True"]
